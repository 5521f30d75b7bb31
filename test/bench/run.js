#!/usr/bin/env node
"use strict";
/**
 * `npm run bench [-- --only 8,9] [--json FILE] [--quick] [--reps N]`
 * Runs the issue-6 benchmarks (and 11, issue 9 item 14; 12-13, the provider plugin of issue 17) against agb-local on loopback,
 * prints a table and optionally writes
 * `[{ name, value, unit, baseline, target, met, ... }]`. Every figure is a median of >= 5
 * repetitions measured side by side with its baseline; `--quick` trades repetitions (3) for time.
 * A target that is missed shows `NO`; a benchmark that cannot run shows SKIPPED with the reason.
 */
const fs = require("node:fs");
const path = require("node:path");
const { skipped } = require("./lib/figure");
const { fmt } = require("./lib/stats");

const SUITES = [
  // Cheap suites first; the engine suite last, with whatever time is left (it adapts its repetitions).
  { file: "./bench-state-size", ids: [1, 10], title: "serialized provider and state size" },
  { file: "./bench-cold-start", ids: [6], title: "provider host cold start" },
  { file: "./bench-check-diff", ids: [7], title: "check + diff CPU" },
  { file: "./bench-plugin", ids: [12, 13], title: "provider plugin vs dynamic host" },
  { file: "./bench-throughput", ids: [8], title: "agb-local throughput" },
  { file: "./bench-overhead", ids: [2], title: "provider overhead" },
  { file: "./bench-convergence", ids: [3], title: "convergence" },
  { file: "./bench-polling", ids: [11], title: "polite polling" },
  { file: "./bench-memory", ids: [9], title: "provider host memory" },
  { file: "./bench-engine", ids: [4, 5], title: "parallel up and refresh" },
];
/** Names and targets of every figure, so a suite that fails still leaves its rows in the table. */
const PLACEHOLDERS = {
  1: ["serialized __provider bytes per resource (both copies)", "bytes", { op: "<=", limit: 300 }],
  2: ["provider overhead vs bare got", "x bare", { op: "<=", limit: 1.1 }],
  3: ["convergence (create/delete with syncs)", "x ideal", { op: "<=", limit: 1.3 }],
  4: ["parallel up speedup (16 vs 1)", "x", { op: ">=", limit: 8 }],
  5: ["refresh of 200 sessions", "calls/session", { op: "<=", limit: 2 }],
  6: ["provider host cold start minus bare node", "ms", { op: "<=", limit: 250 }],
  7: ["check + diff CPU per Session", "us", { op: "<=", limit: 50 }],
  8: ["agb-local throughput vs bare http", "x bare", { op: ">=", limit: 0.5 }],
  9: ["host RSS after 1,000 resources vs after 10", "x", { op: "<=", limit: 2 }],
  10: ["state bytes per Session resource", "bytes", { op: "<=", limit: 4096 }],
  11: ["polite polling: requests of a 60 s wait and of a 20-Session up+destroy", "requests", { op: "<=", limit: 40 }],
  12: ["plugin cold start (spawn to first Check answered) vs the dynamic host's", "x dynamic", { op: "<=", limit: 1 }],
  13: ["state bytes per Session, plugin form (real CLI)", "bytes", null],
};
const TOTAL_BUDGET_MS = 9.5 * 60 * 1000;
const SUITE_DEADLINE_MS = 7 * 60 * 1000;

function parseArgs(argv) {
  const o = { only: null, json: null, quick: false, reps: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") o.quick = true;
    else if (a === "--json") o.json = argv[++i];
    else if (a === "--only")
      o.only = String(argv[++i] ?? "")
        .split(",")
        .map((s) => Number(s.trim()));
    else if (a === "--reps") o.reps = Number(argv[++i]);
    else if (a === "--help" || a === "-h") {
      process.stdout.write("usage: node test/bench/run.js [--only 1,2,...,13] [--json FILE] [--quick] [--reps N (>= 1, default 5)]\n");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (o.json === undefined || o.json === "") throw new Error("--json needs a file name");
  if (o.only && o.only.some((n) => !Number.isInteger(n) || n < 1 || n > 13))
    throw new Error("--only takes benchmark numbers 1..13, e.g. --only 8,9");
  if (!Number.isInteger(o.reps) || o.reps < 1) throw new Error("--reps must be a positive integer");
  if (o.quick) o.reps = Math.min(o.reps, 3);
  return o;
}

function table(rows) {
  const head = ["#", "benchmark", "value", "target", "met", "baseline (same run)", "context"];
  const body = rows.map((r) => [
    String(r.id),
    r.name,
    r.value === null ? "-" : `${fmt(r.value)} ${r.unit}`,
    r.target,
    r.met === null ? "-" : r.met ? "yes" : "NO",
    r.baseline,
    r.detail,
  ]);
  const esc = (s) => String(s).replace(/\|/g, "\\|");
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...body.map((c) => `| ${c.map(esc).join(" | ")} |`)].join(
    "\n",
  );
}

function withDeadline(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what} exceeded ${ms / 1000} s`)), ms)))]).finally(
    () => clearTimeout(t),
  );
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const rows = [];
  for (const suite of SUITES) {
    const wanted = suite.ids.filter((id) => !opts.only || opts.only.includes(id));
    if (!wanted.length) continue;
    const left = TOTAL_BUDGET_MS - (Date.now() - started);
    process.stderr.write(`bench: ${suite.title} (${wanted.join(", ")})...\n`);
    const t0 = Date.now();
    try {
      if (left < 20000) throw new Error("the 10-minute budget of the whole run is used up");
      const mod = require(suite.file);
      const budget = Math.min(SUITE_DEADLINE_MS, left);
      const got = await withDeadline(
        mod.run({ reps: opts.reps, quick: opts.quick, deadlineAt: Date.now() + budget - 10000 }),
        budget,
        suite.title,
      );
      rows.push(...got.filter((r) => wanted.includes(r.id)));
    } catch (err) {
      for (const id of wanted) {
        const [name, unit, target] = PLACEHOLDERS[id];
        rows.push(skipped(id, name, unit, target, (err && err.message) || String(err)));
      }
    }
    process.stderr.write(`bench: ${suite.title} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  rows.sort((a, b) => a.id - b.id);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `\n${table(rows)}\n\n${opts.quick ? "QUICK run: fewer repetitions than the default 5; " : ""}repetitions ${opts.reps}, whole run ${seconds} s, node ${process.version}, ${require("node:os").cpus().length} cores\n`,
  );
  if (opts.json) {
    fs.writeFileSync(path.resolve(opts.json), JSON.stringify(rows, null, 2) + "\n");
    process.stdout.write(`wrote ${opts.json}\n`);
  }
  // Open handles of a failed suite (a half-started child, a socket) must not keep the run alive.
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(2);
});
