/**
 * Jest for the parity tests (test/parity): they call the official AGB Python SDK from the venv that
 * scripts/parity/run.js prepares, so they run only under `npm run test:parity`, not `npm test`.
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  testMatch: ["**/test/parity/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 300000,
};
