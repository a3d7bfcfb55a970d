/**
 * What every exported program shares: the file list type, the project files (Pulumi.yaml,
 * package.json depending on this package and @pulumi/pulumi, tsconfig.json, .gitignore), and the
 * helpers that print TypeScript values, CSV files and resource names.
 */
import * as path from "node:path";
import { stringify } from "csv-stringify/sync";

export interface GeneratedFile {
    /** Relative to the output directory. */
    readonly path: string;
    readonly content: string;
}

interface Manifest {
    name: string;
    version: string;
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
}

/** This package's manifest: the versions the generated program depends on are declared there once. */
function manifest(): Manifest {
    // Self-reference through the package's exports map: the installed copy's own package.json.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time, from the installed copy
    return require("pulumi-edu-org/package.json") as Manifest;
}

/** A Pulumi project name (letters, digits, `-`, `_`, `.`) from the output directory's name. */
export function projectName(outDir: string): string {
    const name = path
        .basename(path.resolve(outDir))
        .replace(/[^A-Za-z0-9_.-]+/g, "-")
        .replace(/^[-.]+|-+$/g, "");
    return name || "edu-org";
}

/** `secrets`: the program's own secret config keys (name → what it is), declared in Pulumi.yaml. */
export function projectFiles(name: string, description: string, secrets: Record<string, string>): GeneratedFile[] {
    const own = manifest();
    const packageJson = {
        name,
        private: true,
        main: "index.ts",
        dependencies: {
            "@pulumi/pulumi": own.peerDependencies["@pulumi/pulumi"],
            [own.name]: `^${own.version}`,
        },
        devDependencies: {
            "@types/node": own.devDependencies["@types/node"],
            typescript: own.devDependencies.typescript,
        },
    };
    const tsconfig = {
        compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            moduleResolution: "node",
            strict: true,
            esModuleInterop: true,
            skipLibCheck: true,
        },
        files: ["index.ts"],
    };
    return [
        {
            path: "Pulumi.yaml",
            content: [
                `name: ${name}`,
                `description: ${JSON.stringify(description)}`,
                "runtime:",
                "  name: nodejs",
                "  options:",
                "    typescript: true",
                ...(Object.keys(secrets).length ? ["config:"] : []),
                ...Object.entries(secrets).flatMap(([key, what]) => [
                    `  ${key}:`,
                    "    type: string",
                    "    secret: true",
                    `    description: ${JSON.stringify(what)}`,
                ]),
                "",
            ].join("\n"),
        },
        { path: "package.json", content: JSON.stringify(packageJson, null, 2) + "\n" },
        { path: "tsconfig.json", content: JSON.stringify(tsconfig, null, 2) + "\n" },
        { path: ".gitignore", content: "node_modules/\n" },
    ];
}

/** A CSV file with a header row, quoted where needed (csv-stringify: the writer matching the readers' csv-parse). */
export function csv(columns: readonly string[], rows: readonly Record<string, string | undefined>[]): string {
    return stringify(rows as Record<string, string | undefined>[], { header: true, columns: [...columns] });
}

/** `1 member`, `3,000 members`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
    return `${n.toLocaleString("en-US")} ${n === 1 ? singular : pluralForm}`;
}

const identifier = /^[A-Za-z_$][\w$]*$/;
const WIDTH = 120;

/**
 * A value as TypeScript source, on one line when it fits within 120 columns (starting at column
 * `start`, with room for a closing `);`), else one item per line indented from `indent`.
 */
export function tsValue(value: unknown, indent = "", start = indent.length): string {
    if (value === null || typeof value !== "object") return JSON.stringify(value);
    const inner = indent + "    ";
    const items = Array.isArray(value)
        ? value.map((v) => tsValue(v, inner))
        : Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => {
                  const key = `${identifier.test(k) ? k : JSON.stringify(k)}: `;
                  return key + tsValue(v, inner, inner.length + key.length);
              });
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
    if (items.length === 0) return Array.isArray(value) ? "[]" : "{}";
    const line = `${open}${items.join(", ")}${close}`;
    if (!line.includes("\n") && start + line.length + 2 <= WIDTH) return line;
    return `${open.trim()}\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}${close.trim()}`;
}

/** Resource names that stay the same from one export to the next: a readable slug, numbered when taken. */
export class ResourceNames {
    private readonly taken = new Set<string>();

    name(prefix: string, text: string): string {
        const slug =
            text
                .toLowerCase()
                .replace(/[^a-z0-9@._-]+/g, "-")
                .replace(/^-+|-+$/g, "") || "unnamed";
        let candidate = `${prefix}-${slug}`;
        for (let n = 2; this.taken.has(candidate); n++) candidate = `${prefix}-${slug}-${n}`;
        this.taken.add(candidate);
        return candidate;
    }
}
