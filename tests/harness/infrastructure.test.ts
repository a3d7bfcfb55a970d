// Harness self-test: the packed package installs as users get it, and the CI summary counts broken suites.
import * as fs from "node:fs";
import * as path from "node:path";
import { installPackage } from "../support/installPackage";

test("installPackage: the packed tarball as a real directory, resolvable from a child node process", () => {
    const prog = installPackage("harness-install");
    expect(fs.lstatSync(prog.packageDir).isSymbolicLink()).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(prog.packageDir, "package.json"), "utf8")).name).toBe("pulumi-edu-org");
    prog.writeFile(
        "probe.js",
        [
            'const path = require("node:path");',
            "console.log(JSON.stringify({",
            '  pkg: require.resolve("pulumi-edu-org/package.json"),',
            '  pulumi: require("@pulumi/pulumi/package.json").version,',
            "}));",
        ].join("\n"),
    );
    const r = prog.runNode("probe.js");
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.pkg).toBe(path.join(prog.packageDir, "package.json")); // not the repository (self-reference)
    expect(out.pulumi).toMatch(/^3\./);
});

test("summaryReporter counts suites that failed without running a test", () => {
    const Reporter = require("../support/summaryReporter.js");
    const outputFile = path.join(__dirname, "..", ".tmp", "harness-summary.json");
    const suite = (over: object) => ({
        testFilePath: "/x.test.ts",
        numPassingTests: 0,
        numFailingTests: 0,
        failureMessage: null,
        ...over,
    });
    new Reporter({ rootDir: path.join(__dirname, "..", "..") }, { outputFile }).onRunComplete(new Set(), {
        numPassedTests: 3,
        numFailedTests: 1,
        numPendingTests: 0,
        numTodoTests: 0,
        numTotalTests: 4,
        numFailedTestSuites: 2,
        numTotalTestSuites: 3,
        success: false,
        testResults: [
            suite({ numPassingTests: 3, numFailingTests: 1, failureMessage: "one failed" }),
            suite({ testExecError: { message: "SyntaxError: Unexpected token" }, failureMessage: "SyntaxError" }),
            suite({ numPassingTests: 0 }),
        ],
    });
    const summary = JSON.parse(fs.readFileSync(outputFile, "utf8"));
    expect(summary).toMatchObject({ numPassedTests: 3, numFailedTests: 2, success: false });
    expect(summary.brokenSuites).toHaveLength(1);
});
