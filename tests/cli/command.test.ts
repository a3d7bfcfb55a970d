// The `edu-org` command as users run it: the compiled bin of the package (npm test builds dist/
// first), its exit statuses (0 within limits, 1 a limit crossed, 2 input or usage it cannot take)
// and its messages.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const root = path.join(__dirname, "../..");
const fixture = path.join(__dirname, "../fixtures/preview/school-pr.json");
const pkg = require("../../package.json");

function eduOrg(args: string[], input?: string) {
    const r = spawnSync(process.execPath, [path.join(root, pkg.bin["edu-org"]), ...args], {
        input,
        encoding: "utf8",
        timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("the package declares the edu-org bin beside the emulator's, built with a node shebang", () => {
    expect(pkg.bin).toEqual({ "edu-org": "dist/cli/index.js", "edu-org-emulator": "dist/emulator/cli.js" });
    const help = eduOrg(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: edu-org \[options\] \[command\]/);
    expect(help.stdout).toMatch(/review \[options\] <preview\.json>/);
});

test("help and review load no Pulumi SDK: only an export, which reads through the provider's clients, does", () => {
    const loaded = (args: string[]) => {
        const script = `process.argv = [process.argv[0], "edu-org", ...${JSON.stringify(args)}];
            process.on("exit", () => process.stderr.write("\\nSDK " + Object.keys(require.cache).some((k) => k.includes("@pulumi/pulumi"))));
            require(${JSON.stringify(path.join(root, pkg.bin["edu-org"]))}).main(process.argv.slice(2));`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
        return /SDK (true|false)$/.exec(r.stderr)?.[1];
    };
    expect(loaded(["--help"])).toBe("false");
    expect(loaded(["review", fixture])).toBe("false");
    expect(loaded(["export", "flat", "--out", path.join(mkdtempSync(path.join(tmpdir(), "edu-org-")), "out")])).toBe(
        "true",
    );
});

test("review prints Markdown by default and exits 0 within the limits", () => {
    const r = eduOrg(["review", fixture, "--max-removals", "45", "--max-deletions", "3"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^## Pulumi preview of school\/prod: what changes for people\n/);
    expect(r.stdout).toContain("- **3 accounts deleted with their scores and class data**: jdoe, asmith, bking\n");
});

test("review exits 1 when a limit is crossed, and the summary says which", () => {
    const r = eduOrg(["review", fixture, "--max-removals", "0", "--fail-on-password-reset", "--format", "text"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
        "Limits crossed: accounts removed (deleted or converted) and EduBase memberships removed: 45 > --max-removals 0; password resets: 1 > --fail-on-password-reset 0.",
    );
});

test("review reads standard input for -, and prints JSON with --format json", () => {
    const { readFileSync } = require("node:fs");
    const r = eduOrg(["review", "-", "--format", "json"], readFileSync(fixture, "utf8"));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).totals.deletions).toBe(3);
});

test.each([
    [["review", "/nonexistent/preview.json"], "edu-org review: cannot read /nonexistent/preview.json: ENOENT"],
    [["review", "NOT-JSON"], "edu-org review: NOT-JSON is not JSON: "],
    [["review", "EMPTY"], "edu-org review: EMPTY is empty: pulumi preview --json printed nothing"],
    [["review"], "error: missing required argument 'preview.json'"],
    [
        ["review", "FIXTURE", "--max-removals", "ten"],
        "option '--max-removals <n>' argument 'ten' is invalid. expected a whole number",
    ],
    [
        ["review", "FIXTURE", "--format", "html"],
        "argument 'html' is invalid. Allowed choices are markdown, text, json.",
    ],
    [["review", "FIXTURE", "--max-removal", "1"], "error: unknown option '--max-removal'"],
    [["revue", "FIXTURE"], "error: unknown command 'revue'"],
])("%j exits 2 with a clear message on stderr", (args, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), "edu-org-review-"));
    writeFileSync(path.join(dir, "NOT-JSON"), "Previewing update (prod):\n");
    writeFileSync(path.join(dir, "EMPTY"), "");
    const files: Record<string, string> = {
        "NOT-JSON": path.join(dir, "NOT-JSON"),
        EMPTY: path.join(dir, "EMPTY"),
        FIXTURE: fixture,
    };
    const resolved = args.map((a) => files[a] ?? a);
    const r = eduOrg(resolved);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message.replace(/NOT-JSON|EMPTY/, (f) => files[f]));
});
