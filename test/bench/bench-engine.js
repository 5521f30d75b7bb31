"use strict";
/**
 * 4. Parallel `up` of 200 Sessions + 20 Contexts through the test engine (real program, real
 *    provider host) with parallelism 16 vs. 1, agb-local adding 50 ms to every call; plus the most
 *    API calls in flight and 429 answers seen between the host and agb-local (a counting proxy).
 * 5. Refresh of the 200 Sessions: API calls per Session (agb-local counters) and parallel vs. serial.
 *
 * The serial side is measured on smaller stacks to keep the run under 10 minutes, and says so:
 * a serial run is linear in the resource count (one step after another), so its time for 220
 * resources is extrapolated from two measured sizes (T = fixed + per-resource x n), which keeps the
 * fixed start-up costs (program, host) counted once, as in the real parallel run.
 */
const fs = require("node:fs");
const path = require("node:path");
const { startLocalProcess } = require("./lib/agb-local-process");
const { startServerChild } = require("./lib/child");
const { loadEngine, makeProgram, engineOp } = require("./lib/engine");
const { figure } = require("./lib/figure");
const { median, msSince, now, fmt } = require("./lib/stats");
const { API_KEY } = require("./lib/provider-setup");

const PROXY = path.join(__dirname, "lib/counting-proxy.js");
const SESSION_OPS = new Set([
  "createSession",
  "getSession",
  "getSessionInfo",
  "releaseSessionAsync",
  "releaseSession",
  "refreshSessionIdleTime",
  "ListSession",
  "SetLabel",
  "GetLabel",
  "GetContextInfo",
  "SyncContext",
]);
const LATENCY_MS = 50;

async function proxyStats(url, reset = false) {
  const res = await fetch(`${url}/_proxy/${reset ? "reset" : "stats"}`, { method: reset ? "POST" : "GET" });
  return res.json();
}

function sessionCalls(before, after) {
  let n = 0;
  for (const [op, c] of Object.entries(after.requests)) if (SESSION_OPS.has(op)) n += c - (before.requests[op] ?? 0);
  return n;
}

async function run({ reps, quick, deadlineAt = Infinity }) {
  const full = quick ? { sessions: 60, contexts: 6 } : { sessions: 200, contexts: 20 };
  const sample = { sessions: 10, contexts: 1 };
  const tiny = { sessions: 1, contexts: 1 };
  const size = (s) => s.sessions + s.contexts;
  const engine = loadEngine();
  const timing = { createSyncMs: 0, latencyMs: LATENCY_MS };
  const local = await startLocalProcess(timing);
  const proxy = await startServerChild(PROXY, [local.url]);
  const program = makeProgram();
  const stateRoot = path.join(program.dir, ".states");
  let runNo = 0;
  try {
    /** up then refresh of one fresh stack; returns times, refresh calls per session and proxy stats. */
    const stack = async (shape, parallel) => {
      await local.reset();
      await proxyStats(proxy.url, true);
      const stateDir = path.join(stateRoot, `run-${++runNo}`);
      const base = { dir: program.dir, stateDir, endpoint: proxy.url, apiKey: API_KEY, ...shape, parallel };
      let t0 = now();
      await engineOp(engine, { ...base, op: "up" });
      const up = msSince(t0);
      const upProxy = await proxyStats(proxy.url);
      const before = await local.control.counters();
      t0 = now();
      await engineOp(engine, { ...base, op: "refresh" });
      const refresh = msSince(t0);
      const after = await local.control.counters();
      fs.rmSync(stateDir, { recursive: true, force: true });
      return {
        up,
        refresh,
        callsPerSession: sessionCalls(before, after) / shape.sessions,
        maxInFlight: upProxy.maxInFlight,
        status429: upProxy.status429,
      };
    };
    const par = [];
    const ser = [];
    const tin = [];
    let budgetNote = "";
    for (let i = 0; i < reps; i++) {
      const t0 = Date.now();
      par.push(await stack(full, 16));
      ser.push(await stack(sample, 1));
      tin.push(await stack(tiny, 1));
      // Stop early rather than blow the 10-minute budget of the whole run, and say so in the table.
      if (i + 1 < reps && Date.now() + (Date.now() - t0) * 1.2 > deadlineAt) {
        budgetNote = `; ONLY ${i + 1} of ${reps} repetitions fitted the time budget`;
        break;
      }
    }
    const extrapolate = (k, i) => {
      const perResource = (ser[i][k] - tin[i][k]) / (size(sample) - size(tiny));
      return tin[i][k] + perResource * (size(full) - size(tiny));
    };
    const upSpeedups = par.map((p, i) => extrapolate("up", i) / p.up);
    const refreshSpeedups = par.map((p, i) => extrapolate("refresh", i) / p.refresh);
    const serialUp = median(par.map((_, i) => extrapolate("up", i)));
    const serialRefresh = median(par.map((_, i) => extrapolate("refresh", i)));
    const maxInFlight = Math.max(...par.map((p) => p.maxInFlight));
    const total429 = par.reduce((n, p) => n + p.status429, 0);
    const shape = `${full.sessions} Sessions + ${full.contexts} Contexts`;
    const serialNote = `serial time EXTRAPOLATED from measured serial stacks of ${size(tiny)} and ${size(sample)} resources (linear), median ${fmt(serialUp)} ms`;
    return [
      figure({
        id: 4,
        name: `parallel up of ${shape}: parallelism 16 vs 1 (+${LATENCY_MS} ms per call)`,
        value: median(upSpeedups),
        unit: "x",
        baseline: serialNote,
        target: { op: ">=", limit: 8 },
        detail: `parallel up ${fmt(median(par.map((p) => p.up)))} ms (median of ${par.length}${budgetNote}); serial ${size(sample)}-resource up ${fmt(median(ser.map((s) => s.up)))} ms, ${size(tiny)}-resource up ${fmt(median(tin.map((s) => s.up)))} ms`,
      }),
      figure({
        id: 4,
        name: "max API calls in flight during the parallel up (shared limit 16)",
        value: maxInFlight,
        unit: "calls",
        baseline: `429 answers: ${total429}`,
        target: { op: "<=", limit: 16 },
        detail: `counted by a loopback proxy between the provider host and agb-local over ${reps} parallel ups`,
      }),
      figure({
        id: 5,
        name: `refresh of ${full.sessions} Sessions: API calls per Session`,
        value: median(par.map((p) => p.callsPerSession)),
        unit: "calls",
        baseline: "agb-local counters (session operations only)",
        target: { op: "<=", limit: 2 },
        detail: `serial refreshes: ${fmt(median(ser.map((s) => s.callsPerSession)))} calls per Session`,
      }),
      figure({
        id: 5,
        name: `refresh of ${shape}: parallelism 16 vs 1`,
        value: median(refreshSpeedups),
        unit: "x",
        baseline: `serial refresh EXTRAPOLATED as above, median ${fmt(serialRefresh)} ms`,
        target: { op: ">=", limit: 8 },
        detail: `parallel refresh ${fmt(median(par.map((p) => p.refresh)))} ms (median of ${par.length}${budgetNote}); serial ${size(sample)}-resource refresh ${fmt(median(ser.map((s) => s.refresh)))} ms, ${size(tiny)}-resource ${fmt(median(tin.map((s) => s.refresh)))} ms`,
      }),
    ];
  } finally {
    program.remove();
    await proxy.close();
    await local.close();
  }
}

module.exports = { ids: [4, 5], title: "parallel up and refresh", run };
