/**
 * The real-CLI suite (`npm run test:cli`): test/cli against the Pulumi CLI that `npm run setup:pulumi`
 * builds. One file at a time: each CLI run already uses both cores (pulumi, language host, program,
 * provider host).
 */
const base = require("./jest.config.js");
module.exports = {
  ...base,
  testPathIgnorePatterns: ["/node_modules/"],
  testMatch: ["**/test/cli/**/*.test.ts"],
  testTimeout: 1200000,
  maxWorkers: 1,
};
