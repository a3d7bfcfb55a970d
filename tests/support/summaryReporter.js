// Jest reporter: writes tests/.tmp/summary.json with the numbers .ci/run prints as its final
// `N passed, N failed` line. A suite that failed without running any test (a syntax error, a throwing
// import, a failing beforeAll before any test registered a result) counts as one failure, otherwise
// a broken file would vanish from the count. `conformance` counts the tests of tests/conformance, so that
// .ci/run can fail when Flat's spec is present but those suites were skipped.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

class SummaryReporter {
    constructor(globalConfig, options = {}) {
        this.rootDir = globalConfig.rootDir;
        this.file = options.outputFile || path.join(this.rootDir, "tests", ".tmp", "summary.json");
    }

    onRunComplete(_contexts, results) {
        const brokenSuites = results.testResults
            .filter((s) => (s.testExecError || s.failureMessage) && s.numPassingTests + s.numFailingTests === 0)
            .map((s) => ({
                file: path.relative(this.rootDir, s.testFilePath),
                message: String((s.testExecError && s.testExecError.message) || s.failureMessage || "").slice(0, 2000),
            }));
        const conformance = { passed: 0, skipped: 0 };
        for (const s of results.testResults) {
            if (!path.relative(this.rootDir, s.testFilePath).startsWith(path.join("tests", "conformance"))) continue;
            conformance.passed += s.numPassingTests;
            conformance.skipped += s.numPendingTests + s.numTodoTests;
        }
        const summary = {
            numPassedTests: results.numPassedTests,
            numFailedTests: results.numFailedTests + brokenSuites.length,
            numJestFailedTests: results.numFailedTests,
            numPendingTests: results.numPendingTests + results.numTodoTests,
            numTotalTests: results.numTotalTests,
            numFailedTestSuites: results.numFailedTestSuites,
            numTotalTestSuites: results.numTotalTestSuites,
            brokenSuites,
            conformance,
            success: results.success && brokenSuites.length === 0,
            wasInterrupted: !!results.wasInterrupted,
            finishedAt: new Date().toISOString(),
        };
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}`;
        fs.writeFileSync(tmp, JSON.stringify(summary, null, 2) + "\n");
        fs.renameSync(tmp, this.file);
    }
}

module.exports = SummaryReporter;
