// The review masks values by property name (a document may hold secrets in plaintext): every name
// the provider treats as secret — additionalSecretOutputs, inputs it wraps as secrets, explicit
// providers' credentials — must be one the review recognizes. Read from the provider's source, so
// a new secret output cannot slip past.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isSecretName } from "../../cli/review/secrets";

const providerDir = path.join(__dirname, "../../provider");

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
    );
}

function quoted(list: string): string[] {
    return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/** Names the provider marks secret, with the file that says so. */
function declaredSecretNames(): [string, string][] {
    const found: [string, string][] = [];
    for (const file of sourceFiles(providerDir)) {
        const text = readFileSync(file, "utf8");
        const add = (names: string[]) => found.push(...names.map((n): [string, string] => [n, path.basename(file)]));
        for (const m of text.matchAll(/withSecretOutputs\(\s*\w+,\s*(\[[^\]]*\]|\w+)\s*\)/g)) {
            if (m[1].startsWith("[")) add(quoted(m[1]));
            else add(quoted(new RegExp(`const ${m[1]}\\b[^=]*=\\s*\\[([^\\]]*)\\]`).exec(text)?.[1] ?? ""));
        }
        for (const m of text.matchAll(/(?:secretInput|pulumi\.secret)\(\s*args\??\.(\w+)/g)) add([m[1]]);
        for (const m of text.matchAll(/"((?:flat|edubase):\w+)":\s*(\w+)/g))
            if (/secret|token/i.test(m[2])) add([m[1]]);
    }
    return [...new Map(found.map((f) => [f.join(" "), f])).values()];
}

test("the provider's secret names were found (the scan itself works)", () => {
    const names = new Set(declaredSecretNames().map(([n]) => n));
    for (const name of [
        "password",
        "consumerSecret",
        "token",
        "url",
        "customCode",
        "registrationUrl",
        "flat:accessToken",
        "edubase:secret",
    ])
        expect(names).toContain(name);
});

test.each(declaredSecretNames())("%s (%s) is masked by the review", (name) => {
    expect(isSecretName(name)).toBe(true);
});

test("names the review shows are not taken for secrets", () => {
    for (const name of ["username", "email", "role", "user", "organization", "users", "lms", "name", "consumerKey"])
        expect(isSecretName(name)).toBe(false);
});
