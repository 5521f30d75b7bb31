/** The reliability suite (`npm run test:reliability`): fault injection, crashes, secrets, bad input. */
const base = require("./jest.config.js");
module.exports = {
  ...base,
  testPathIgnorePatterns: ["/node_modules/"],
  testMatch: ["**/test/reliability/**/*.test.ts"],
  testTimeout: 300000,
};
