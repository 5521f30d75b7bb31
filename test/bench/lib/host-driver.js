"use strict";
/**
 * The benchmarks' use of the shared host driver (test-engine/src/host-driver.ts, built into
 * dist-engine/): hosts are reaped if the run dies, responses are not kept (1,000-resource runs),
 * and a check failure is an error.
 */
const { HostDriver } = require("../../../dist-engine/host-driver.js");
const { track } = require("./reaper");

/** Spawns the real dynamic-provider host from the repository root. */
async function startBenchHost() {
  const host = await HostDriver.start({ recordResponses: false });
  track(host.child);
  return host;
}

/** Check through the host; the checked inputs, or an error naming every failure. */
async function checkedInputs(host, urn, news) {
  const { inputs, failures } = await host.check(urn, {}, news);
  if (failures.length) throw new Error(`check failed: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  return inputs;
}

module.exports = { startBenchHost, checkedInputs };
