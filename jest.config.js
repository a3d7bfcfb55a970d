/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/tests"],
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
    globalSetup: "<rootDir>/tests/support/globalSetup.js",
    // summaryReporter writes tests/.tmp/summary.json, from which .ci/run prints "N passed, N failed".
    // Resolve "pulumi-edu-org" to the installed copy, not the repo itself (package self-reference).
    resolver: "<rootDir>/tests/support/resolver.js",
    reporters: ["default", "<rootDir>/tests/support/summaryReporter.js"],
    testTimeout: 60000,
    // istanbul would inject counters into function bodies that the closure serializer then captures.
    coverageProvider: "v8",
    collectCoverageFrom: ["provider/**/*.ts", "emulator/**/*.ts"],
};
