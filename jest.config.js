/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: true }] },
  globalSetup: "<rootDir>/tests/support/globalSetup.js",
  testTimeout: 60000,
  // istanbul would inject counters into function bodies that the closure serializer then captures.
  coverageProvider: "v8",
  collectCoverageFrom: ["provider/**/*.ts", "emulator/**/*.ts"],
};
