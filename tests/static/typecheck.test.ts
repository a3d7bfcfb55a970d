// ts-jest transpiles each file on its own (isolatedModules) and so reports no type errors: this test
// type-checks the whole project — provider, emulator, examples and tests — the way `tsc` does.
import { execFile } from "node:child_process";
import * as path from "node:path";

test("the whole project type-checks", async () => {
    const root = path.resolve(__dirname, "../..");
    const tsc = require.resolve("typescript/bin/tsc");
    const output = await new Promise<string>((resolve) =>
        execFile(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], { cwd: root }, (_err, stdout, stderr) =>
            resolve(stdout + stderr),
        ),
    );
    expect(output.trim()).toBe("");
}, 120_000);
