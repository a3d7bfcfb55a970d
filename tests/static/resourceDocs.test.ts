// The reference pages docs/resources/<api>.<Resource>.md cannot drift from the code: the resources,
// their inputs (each class's Args type) and outputs (its declared properties) are read with the
// TypeScript compiler, secret outputs from the provider's source, and allowed values from the
// resources' own `check`; every page follows one template and README links to every page.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { declaredSecretNames, providerDir } from "../support/providerSource";

const root = path.join(__dirname, "../..");
const docsDir = path.join(root, "docs/resources");
const sections = [
    "## Example",
    "## Inputs",
    "## Outputs",
    "## Adoption and `get`",
    "## What delete does",
    "## Warnings",
];

interface ResourceClass {
    /** `flat.OrganizationUser` */
    readonly title: string;
    readonly file: string;
    readonly inputs: string[];
    readonly outputs: string[];
}

/** Every resource class the package exports (`flat.X`, `edubase.X`, …), read from provider/index.ts. */
function resourceClasses(): ResourceClass[] {
    const index = path.join(providerDir, "index.ts");
    const program = ts.createProgram([index], { strict: true, skipLibCheck: true, noEmit: true, types: ["node"] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(index)!;
    const classes: ResourceClass[] = [];
    for (const api of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
        for (const member of checker.getTypeOfSymbolAtLocation(api, source).getProperties()) {
            const ctor = checker.getTypeOfSymbolAtLocation(member, source).getConstructSignatures()[0];
            const instance = ctor?.getReturnType();
            if (!ctor || !isResource(checker, instance)) continue;
            const file = instance.getSymbol()?.declarations?.[0]?.getSourceFile().fileName ?? "";
            const args = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(ctor.getParameters()[1], source));
            const outputs = instance
                .getProperties()
                .filter((p) => p.declarations?.some((d) => d.getSourceFile().fileName.startsWith(providerDir)))
                .map((p) => p.name);
            classes.push({
                title: `${api.name}.${member.name}`,
                file,
                inputs: args.getProperties().map((p) => p.name),
                outputs,
            });
        }
    }
    return classes;
}

/** Whether a class derives from pulumi's `Resource` or `ProviderResource`, directly or through a field-table base. */
function isResource(checker: ts.TypeChecker, type: ts.Type): boolean {
    return (type.getBaseTypes() ?? []).some(
        (b) =>
            ["Resource", "ProviderResource"].includes(checker.typeToString(b)) ||
            (b.isIntersection() ? b.types : [b]).some(
                (t) => isResource(checker, t) || t.getSymbol()?.name === "Resource",
            ),
    );
}

const classes = resourceClasses();

/** The table rows of a page's section, keyed by each `name` in the row's first cell. */
function rows(page: string, section: string): Map<string, string> {
    const start = page.indexOf(`${section}\n`);
    const end = page.indexOf("\n## ", start + section.length);
    const body = page.slice(start, end < 0 ? undefined : end);
    const found = new Map<string, string>();
    for (const line of body.split("\n").filter((l) => l.startsWith("| `"))) {
        const first = line.split("|")[1];
        for (const [, name] of first.matchAll(/`([^`]+)`/g)) found.set(name, line);
    }
    return found;
}

function page(title: string): string {
    return readFileSync(path.join(docsDir, `${title}.md`), "utf8");
}

/** The values `check` lists as allowed for an input, from the failure it gives for a value that is none of them. */
async function allowedValues(file: string, input: string): Promise<string[]> {
    const handlers = require(file).handlers;
    if (!handlers) return [];
    const { failures } = await handlers.check({}, { [input]: "\u0001" });
    const reason: string = failures.find((f: { property: string }) => f.property === input)?.reason ?? "";
    const list = /one of ([^;()]+)/.exec(reason)?.[1];
    return list ? list.split(",").map((v) => v.trim()) : [];
}

test("the package's resource classes are found (the scan itself works)", () => {
    const titles = classes.map((c) => c.title);
    for (const title of [
        "flat.OrganizationUser",
        "flat.LtiConfiguration",
        "edubase.OrganizationMembers",
        "flat.Provider",
    ])
        expect(titles).toContain(title);
    expect(classes.find((c) => c.title === "flat.OrganizationUser")!.inputs).toContain("onDelete");
});

describe.each(classes.map((c) => [c.title, c] as const))("docs/resources/%s.md", (title, resource) => {
    test("exists and follows the template", () => {
        expect(existsSync(path.join(docsDir, `${title}.md`))).toBe(true);
        const text = page(title);
        expect(text.startsWith(`# ${title}\n`)).toBe(true);
        const positions = sections.map((s) => text.indexOf(`\n${s}\n`));
        expect(positions.every((p) => p > 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(text).toMatch(/## Example\n\n```ts\n/);
        expect(text).toContain("| input | required | default | allowed values | a change |");
        expect(text).toContain("| output | secret | what |");
    });

    test("documents every input, with the values check allows", async () => {
        const documented = rows(page(title), "## Inputs");
        for (const input of resource.inputs) {
            expect([input, documented.has(input)]).toEqual([input, true]);
            for (const value of await allowedValues(resource.file, input))
                expect([input, documented.get(input)]).toEqual([input, expect.stringContaining(`\`${value}\``)]);
        }
    });

    test("documents every output, the secret ones marked", () => {
        const documented = rows(page(title), "## Outputs");
        const secrets = new Set(
            declaredSecretNames()
                // The class's own file, or the resource module whose field table it is built from.
                .filter(([, f]) => f === resource.file || f === resource.file.replace(/\.resource\.ts$/, ".ts"))
                .map(([n]) => n),
        );
        for (const output of resource.outputs) {
            expect([output, documented.has(output)]).toEqual([output, true]);
            if (secrets.has(output)) expect(documented.get(output)).toContain("**secret**");
        }
    });

    test("is linked from README", () => {
        expect(readFileSync(path.join(root, "README.md"), "utf8")).toContain(`(docs/resources/${title}.md)`);
    });
});

test("every page belongs to a resource of the package", () => {
    const { readdirSync } = require("node:fs");
    const titles = new Set(classes.map((c) => `${c.title}.md`));
    expect(readdirSync(docsDir).filter((f: string) => !titles.has(f))).toEqual([]);
});
