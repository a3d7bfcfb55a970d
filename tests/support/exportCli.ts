// `edu-org export` run in process for a test file: a fresh work directory, standard output and error
// captured, the environment variables the command reads set per test, and the exit status it sets.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportCommand } from "../../cli/export/command";

export interface ExportCliHandle {
    /** A fresh, empty directory for each test. */
    readonly work: string;
    readonly stdout: string[];
    readonly stderr: string[];
    /** Runs `edu-org export <args>`; returns the exit status it set. */
    run(...args: string[]): Promise<number>;
}

/** beforeEach/afterEach wiring; `env` is read in beforeEach (after the emulator has started). */
export function useExportCli(env: () => Record<string, string>): ExportCliHandle {
    const handle = { stdout: [] as string[], stderr: [] as string[] } as {
        work: string;
        stdout: string[];
        stderr: string[];
        run(...args: string[]): Promise<number>;
    };
    let names: string[] = [];
    handle.run = async (...args) => {
        await exportCommand().exitOverride().parseAsync(args, { from: "user" });
        return Number(process.exitCode ?? 0);
    };
    beforeEach(() => {
        handle.work = fs.mkdtempSync(path.join(os.tmpdir(), "edu-org-export-"));
        handle.stdout.length = 0;
        handle.stderr.length = 0;
        jest.spyOn(process.stdout, "write").mockImplementation((chunk) => (handle.stdout.push(String(chunk)), true));
        jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (handle.stderr.push(String(chunk)), true));
        const values = env();
        names = Object.keys(values);
        Object.assign(process.env, values);
    });
    afterEach(() => {
        jest.restoreAllMocks();
        process.exitCode = undefined;
        for (const name of names) delete process.env[name];
        fs.rmSync(handle.work, { recursive: true, force: true });
    });
    return handle;
}
