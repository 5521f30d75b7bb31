/**
 * Jest globalTeardown of every suite: fails the run when a process it started (a Pulumi CLI, a
 * language host, a program, a provider host, agb-local, a proxy) is still running after the last
 * test file ended, naming each one. They are killed first, so one failing run does not leave them
 * holding ports and memory on the machine; then the run's root folder is removed. A process still
 * exiting gets TEST_RUN_GRACE_MS (default 10000 ms) to go before it counts as left behind.
 */
"use strict";
const { rmSync } = require("node:fs");
const { endLeftovers, leftoverReport, RUN_ROOT_ENV } = require("./test-run");

module.exports = async function runTeardown() {
  const root = process.env[RUN_ROOT_ENV];
  if (!root) throw new Error(`${RUN_ROOT_ENV} is not set: the suite's globalSetup (test/support/run-setup.js) did not run`);
  const left = await endLeftovers(root, { graceMs: Number(process.env.TEST_RUN_GRACE_MS ?? 10_000) });
  rmSync(root, { recursive: true, force: true });
  if (left.length) throw new Error(leftoverReport(root, left));
};
