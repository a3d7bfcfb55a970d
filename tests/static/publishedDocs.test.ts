// Users read each input's and output's documentation in their editor from the published
// declarations (dist/**/*.d.ts), not from this repository's sources: every resource class's Args
// and output properties must carry there the same TSDoc as in the source field tables.
import * as path from "node:path";
import ts from "typescript";

const root = path.join(__dirname, "../..");

/** `api.Resource` → property → its documentation, for Args (`in:`) and outputs (`out:`). */
function documentation(index: string): Map<string, Map<string, string>> {
    const program = ts.createProgram([index], { strict: true, skipLibCheck: true, noEmit: true, types: ["node"] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(index)!;
    const found = new Map<string, Map<string, string>>();
    const doc = (s: ts.Symbol) => ts.displayPartsToString(s.getDocumentationComment(checker));
    for (const api of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
        for (const member of checker.getTypeOfSymbolAtLocation(api, source).getProperties()) {
            const ctor = checker.getTypeOfSymbolAtLocation(member, source).getConstructSignatures()[0];
            const args = ctor?.getParameters()[1];
            if (!ctor || !args || !ctor.getReturnType().getProperty("urn")) continue;
            const docs = new Map<string, string>();
            for (const p of checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(args, source)).getProperties())
                docs.set(`in:${p.name}`, doc(p));
            for (const p of ctor.getReturnType().getProperties())
                if (p.declarations?.some((d) => !d.getSourceFile().fileName.includes("node_modules")))
                    docs.set(`out:${p.name}`, doc(p));
            found.set(`${api.name}.${member.name}`, docs);
        }
    }
    return found;
}

const fromSource = documentation(path.join(root, "provider/index.ts"));
const published = documentation(path.join(root, "dist/provider/index.d.ts"));

test("the scan finds the resources and their documented fields (the scan itself works)", () => {
    const user = fromSource.get("flat.OrganizationUser")!;
    expect(user.get("in:onDelete")).toMatch(/What destroying the resource does/);
    expect(user.get("out:groups")).toMatch(/groups \(classes\)/);
    expect(fromSource.get("edubase.OrganizationMembers")!.get("in:department")).toMatch(/Department/);
});

test.each([...fromSource.keys()])("%s: the published declarations keep every field's documentation", (title) => {
    const expected = [...fromSource.get(title)!].filter(([, d]) => d);
    expect(expected.length).toBeGreaterThan(0);
    const got = published.get(title);
    expect(expected.map(([name]) => [name, got?.get(name)])).toEqual(expected);
});
