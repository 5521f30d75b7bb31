/**
 * Jest runs the TypeScript tests (transpiled by ts-jest) against the built package in dist/.
 * got 14 is an ES module: the client loads it with a real dynamic import(), which Jest supports
 * only under `node --experimental-vm-modules` (see README, Development).
 * Every suite (the other configs spread this one) runs under its own root folder and fails when a
 * process it started outlives it (test/support/run-setup.js, run-teardown.js).
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/reliability/", "/test/bench/", "/test/parity/", "/test/cli/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "test/tsconfig.json" }] },
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/support/run-setup.js",
  globalTeardown: "<rootDir>/test/support/run-teardown.js",
};
