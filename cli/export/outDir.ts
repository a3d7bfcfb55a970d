/**
 * Where the program goes. `--out` must be absent or empty, unless `--force`; the files are written
 * into a temporary sibling directory first and moved into place only once all of them are there, so a
 * failure never leaves a half-written program behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { GeneratedFile } from "./project";

/** Fails unless `out` can take the program: checked before the organization is read, and again before writing. */
export function checkOutDir(out: string, force: boolean): void {
    let entries: string[];
    try {
        entries = fs.readdirSync(out);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return;
        if (code === "ENOTDIR") throw new Error(`--out ${out} is a file, not a directory`, { cause: err });
        throw new Error(`cannot read --out ${out}: ${(err as Error).message}`, { cause: err });
    }
    if (entries.length && !force)
        throw new Error(
            `--out ${out} is not empty (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""}); choose an empty or new directory, or pass --force to overwrite the files export writes`,
        );
}

export function writeOutDir(out: string, files: readonly GeneratedFile[], force: boolean): void {
    checkOutDir(out, force);
    const target = path.resolve(out);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // A sibling, so that the final renames stay on one file system.
    const staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.export-`));
    // mkdtemp makes it private; the program directory is an ordinary one.
    fs.chmodSync(staging, 0o755);
    try {
        for (const file of files) {
            const full = path.join(staging, file.path);
            fs.mkdirSync(path.dirname(full), { recursive: true });
            fs.writeFileSync(full, file.content);
        }
        if (!fs.existsSync(target)) {
            fs.renameSync(staging, target);
            return;
        }
        if (fs.readdirSync(target).length === 0) {
            fs.rmdirSync(target);
            fs.renameSync(staging, target);
            return;
        }
        // --force into a directory with other files (node_modules, stack config): those are kept.
        for (const file of files) {
            const destination = path.join(target, file.path);
            fs.mkdirSync(path.dirname(destination), { recursive: true });
            fs.renameSync(path.join(staging, file.path), destination);
        }
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
}
