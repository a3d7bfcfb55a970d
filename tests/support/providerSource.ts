/**
 * Facts read from the provider's source, for tests that keep other parts (the review's secret
 * masking, the reference pages) from drifting from the code.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

export const providerDir = path.join(__dirname, "../../provider");

export function sourceFiles(dir = providerDir): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
    );
}

function quoted(list: string): string[] {
    return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/**
 * Names the provider marks secret — `additionalSecretOutputs` (withSecretOutputs), inputs wrapped as
 * secrets, secret fields of a resource's field table, explicit providers' credential keys — each with
 * the file that says so.
 */
export function declaredSecretNames(): [name: string, file: string][] {
    const found: [string, string][] = [];
    for (const file of sourceFiles()) {
        const text = readFileSync(file, "utf8");
        const add = (names: string[]) => found.push(...names.map((n): [string, string] => [n, file]));
        for (const m of text.matchAll(/withSecretOutputs\(\s*\w+,\s*(\[[^\]]*\]|\w+)\s*\)/g)) {
            if (m[1].startsWith("[")) add(quoted(m[1]));
            else add(quoted(new RegExp(`const ${m[1]}\\b[^=]*=\\s*\\[([^\\]]*)\\]`).exec(text)?.[1] ?? ""));
        }
        for (const m of text.matchAll(/(?:secretInput|pulumi\.secret)\(\s*args\??\.(\w+)/g)) add([m[1]]);
        // A field table's entries (`name: input<T>()…` or `name: output<T>()…`, continued on deeper lines).
        for (const m of text.matchAll(/^( +)(\w+): (?:input|output)<.*(?:\n\1 +.*)*/gm))
            if (/\bsecret: true\b/.test(m[0])) add([m[2]]);
        for (const m of text.matchAll(/"((?:flat|edubase):\w+)":\s*(\w+)/g))
            if (/secret|token/i.test(m[2])) add([m[1]]);
    }
    return [...new Map(found.map((f) => [f.join(" "), f])).values()];
}
