"use strict";
/**
 * 7. check + diff CPU per resource for a Session with 3 syncs and a browser context: what every
 * preview and up pays per unchanged resource. Measured with process.cpuUsage over batches; the
 * baseline, run alongside, is a structuredClone of the same inputs and outputs (a machine-speed yardstick).
 * Measured in a child process of its own, with @pulumi/pulumi loaded as in the provider host:
 * process.cpuUsage counts every thread of the process, so in the bench runner's own process the
 * leftovers of earlier suites (engine channels, timers, a larger heap to collect) were billed to
 * check + diff.
 */
const { startLocalProcess } = require("./lib/agb-local-process");
const { runJsonChild } = require("./lib/child");
const { figure } = require("./lib/figure");
const { median, fmt } = require("./lib/stats");
const P = require("./lib/provider-setup");

function cpuMicros(fn, iterations) {
  const c0 = process.cpuUsage();
  return fn(iterations).then(() => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / iterations;
  });
}

/** The measurement itself, in the child: raw per-batch CPU figures. */
async function measure({ reps, quick }) {
  require("@pulumi/pulumi"); // the host's heap holds the SDK too
  const local = await startLocalProcess({ createSyncMs: 0 });
  try {
    await P.configureProviders(local.url);
    const ids = await P.makeContexts(local.url, 4, "bench-cd");
    const args = P.richSessionArgs(ids);
    const inputs = await P.checkedSessionInputs(args, "cd");
    const created = await P.sessionProvider.create(inputs);
    const olds = { ...created.outs, __provider: inputs.__provider };
    const news = { ...args, __project: "bench", __stack: "bench", __name: "cd", __provider: inputs.__provider };
    const id = created.id;

    let sink = 0;
    const checkDiff = async (n) => {
      for (let i = 0; i < n; i++) {
        const c = await P.sessionProvider.check(inputs, news);
        const d = await P.sessionProvider.diff(id, olds, c.inputs);
        if (d.changes) throw new Error(`an unchanged Session diffs as changed: ${JSON.stringify(d)}`);
        sink += c.failures.length;
      }
    };
    const checkOnly = async (n) => {
      for (let i = 0; i < n; i++) sink += (await P.sessionProvider.check(inputs, news)).failures.length;
    };
    const checked = (await P.sessionProvider.check(inputs, news)).inputs;
    const diffOnly = async (n) => {
      for (let i = 0; i < n; i++) sink += (await P.sessionProvider.diff(id, olds, checked)).replaces?.length ?? 0;
    };
    const clone = async (n) => {
      for (let i = 0; i < n; i++) sink += Object.keys(structuredClone({ news, olds })).length;
    };
    const n = quick ? 300 : 1000;
    await checkDiff(n); // warm-up: JIT
    await clone(n);
    const ours = [];
    const base = [];
    for (let i = 0; i < Math.max(reps, 7); i++) {
      ours.push(await cpuMicros(checkDiff, n));
      base.push(await cpuMicros(clone, n));
    }
    const checkAlone = await cpuMicros(checkOnly, n);
    const diffAlone = await cpuMicros(diffOnly, n);
    if (sink < 0) throw new Error("unreachable");
    return { ours, base, checkAlone, diffAlone, n };
  } finally {
    await local.close();
  }
}

async function run({ reps, quick }) {
  const { ours, base, checkAlone, diffAlone, n } = await runJsonChild(
    __filename,
    ["--child", String(reps), quick ? "quick" : "full"],
    120000,
  );
  const v = median(ours);
  const b = median(base);
  return [
    figure({
      id: 7,
      name: "check + diff CPU per Session (3 syncs + browser context)",
      value: v,
      unit: "us",
      baseline: `structuredClone of inputs+outputs: ${fmt(b)} us`,
      target: { op: "<=", limit: 50 },
      detail: `${fmt(v / b)}x the clone; check alone ~${fmt(checkAlone)} us, diff alone ~${fmt(diffAlone)} us; median of ${ours.length} batches of ${n}, in a child process with @pulumi/pulumi loaded`,
    }),
  ];
}

if (process.argv[2] === "--child") {
  measure({ reps: Number(process.argv[3]), quick: process.argv[4] === "quick" })
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`${err.stack || err}\n`);
      process.exit(1);
    });
}

module.exports = { ids: [7], title: "check + diff CPU", run };
