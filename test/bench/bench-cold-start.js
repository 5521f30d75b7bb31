"use strict";
/**
 * 6. Provider host cold start: spawn the real dynamic-provider host, Configure, first Check of a
 * Session, vs. spawning a bare `node -e 0` until it exits. Paired and alternated per repetition.
 */
const { spawn } = require("node:child_process");
const { startBenchHost, checkedInputs } = require("./lib/host-driver");
const { figure } = require("./lib/figure");
const { median, msSince, now, fmt } = require("./lib/stats");
const { SESSION_PROVIDER_TEXT } = require("../../dist/dynamic/provider-text");

const URN = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/agb:Session::cold";

function bareNode() {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      code === 0 ? resolve(msSince(t0)) : reject(new Error(`node -e 0 exited with ${code}`));
    });
  });
}

/** Returns [ms to port, ms to Configure done, ms to first Check done]. */
async function hostColdStart() {
  const t0 = now();
  const host = await startBenchHost();
  try {
    const port = msSince(t0);
    // Nothing listens on this endpoint: Check is pure, no API call may happen.
    await host.configure({ "agb:apiKey": "akm-bench-cold", "agb:endpoint": "http://127.0.0.1:9" });
    const configured = msSince(t0);
    await checkedInputs(host, URN, {
      imageId: "agb-code-space-1",
      __provider: SESSION_PROVIDER_TEXT,
      __project: "bench",
      __stack: "bench",
      __name: "cold",
    });
    return [port, configured, msSince(t0)];
  } finally {
    await host.close();
  }
}

async function run({ reps }) {
  await bareNode(); // warm the file cache for both sides
  await hostColdStart();
  const diffs = [];
  const bare = [];
  const host = [];
  for (let i = 0; i < reps; i++) {
    const b = i % 2 === 0 ? await bareNode() : undefined;
    const h = await hostColdStart();
    const b2 = b ?? (await bareNode());
    bare.push(b2);
    host.push(h);
    diffs.push(h[2] - b2);
  }
  const col = (k) => median(host.map((h) => h[k]));
  return [
    figure({
      id: 6,
      name: "provider host cold start (spawn+Configure+first Check) minus bare node",
      value: median(diffs),
      unit: "ms",
      baseline: `node -e 0: ${fmt(median(bare))} ms`,
      target: { op: "<=", limit: 250 },
      detail: `host: port printed ${fmt(col(0))} ms, Configure done ${fmt(col(1))} ms, first Check done ${fmt(col(2))} ms (medians of ${reps})`,
    }),
    figure({
      id: 6,
      name: "of which pulumi-agb's share: Configure + first Check after the host is up",
      value: median(host.map((h) => h[2] - h[0])),
      unit: "ms",
      baseline: `@pulumi/pulumi host start to port: ${fmt(col(0))} ms`,
      target: null,
      detail: "loading pulumi-agb/providers/session (zod schemas, client) and the first check; the rest is the SDK's own host start",
    }),
  ];
}

module.exports = { ids: [6], title: "provider host cold start", run };
