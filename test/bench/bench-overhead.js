"use strict";
/**
 * 2. Provider overhead: create + read + label update + delete of 200 sessions through the provider
 * handlers vs. the same API calls made directly with a bare got client. "The same calls" is taken
 * literally: one warm-up lifecycle through the provider is recorded per phase from agb-local's
 * counters, and the bare client replays exactly those operations for every session. The ratio is
 * then what the provider's code (validation, client, limiter, waits) costs on top of the wire.
 */
const { startLocalProcess } = require("./lib/agb-local-process");
const { BareAgb } = require("./lib/bare-agb");
const { figure } = require("./lib/figure");
const { median, msSince, now, fmt } = require("./lib/stats");
const P = require("./lib/provider-setup");

const SESSIONS = 200;
const SESSION_OPS = [
  "ListSession",
  "createSession",
  "getSession",
  "getSessionInfo",
  "GetLabel",
  "SetLabel",
  "releaseSessionAsync",
  "GetContextInfo",
  "SyncContext",
];

function delta(before, after) {
  const d = {};
  for (const [op, n] of Object.entries(after.requests)) if (n - (before.requests[op] ?? 0) > 0) d[op] = n - (before.requests[op] ?? 0);
  return d;
}

/** Per phase, the operations as an ordered list (creates first in their phase, release last). */
function sequence(counts) {
  const order = [
    "ListSession",
    "createSession",
    "GetContextInfo",
    "SyncContext",
    "GetLabel",
    "SetLabel",
    "getSession",
    "getSessionInfo",
    "releaseSessionAsync",
  ];
  for (const op of Object.keys(counts))
    if (!order.includes(op)) throw new Error(`the provider called ${op}, which the bare replay does not know`);
  const seq = [];
  for (const op of order) for (let i = 0; i < (counts[op] ?? 0); i++) seq.push(op);
  return seq;
}

async function replay(bare, seq, s) {
  for (const op of seq) {
    switch (op) {
      case "ListSession":
        await bare.listSessions({ "pulumi-agb-token": s.token });
        break;
      case "createSession":
        s.id = await bare.createSession("agb-code-space-1", s.labels);
        break;
      case "GetContextInfo":
        await bare.contextTasks(s.id);
        break;
      case "SyncContext":
        await bare.syncContext(s.id);
        break;
      case "GetLabel":
        await bare.getLabels(s.id);
        break;
      case "SetLabel":
        await bare.setLabels(s.id, s.labels2);
        break;
      case "getSession":
        await bare.getSession(s.id);
        break;
      case "getSessionInfo":
        await bare.getSessionInfo(s.id);
        break;
      case "releaseSessionAsync":
        await bare.releaseSessionAsync(s.id);
        break;
    }
  }
}

async function providerLifecycle(inputs, news2) {
  const c = await P.sessionProvider.create(inputs);
  const outs = { ...c.outs, __provider: inputs.__provider };
  await P.sessionProvider.read(c.id, outs);
  const u = await P.sessionProvider.update(c.id, outs, news2);
  await P.sessionProvider.delete(c.id, { ...u.outs, __provider: inputs.__provider });
}

async function run({ reps, quick }) {
  const n = quick ? 50 : SESSIONS;
  const timing = { createSyncMs: 0, releaseMs: 0 };
  const local = await startLocalProcess(timing);
  const bare = await new BareAgb(local.url, P.API_KEY).init();
  try {
    await P.configureProviders(local.url);
    const prepare = async (tag) => {
      const list = [];
      for (let i = 0; i < n; i++) {
        const args = { imageId: "agb-code-space-1", labels: { team: "bench", idx: String(i) } };
        const inputs = await P.checkedSessionInputs(args, `${tag}-${i}`);
        const news2 = await P.checkedSessionInputs({ ...args, labels: { team: "bench", idx: String(i), stage: "updated" } }, `${tag}-${i}`);
        list.push({ inputs, news2 });
      }
      return list;
    };

    // Record the provider's calls per phase on one lifecycle.
    const [warm] = await prepare("warm");
    const phases = {};
    let before = await local.control.counters();
    const c = await P.sessionProvider.create(warm.inputs);
    let after = await local.control.counters();
    phases.create = delta(before, after);
    const outs = { ...c.outs, __provider: warm.inputs.__provider };
    before = after;
    await P.sessionProvider.read(c.id, outs);
    after = await local.control.counters();
    phases.read = delta(before, after);
    before = after;
    const u = await P.sessionProvider.update(c.id, outs, warm.news2);
    after = await local.control.counters();
    phases.update = delta(before, after);
    before = after;
    await P.sessionProvider.delete(c.id, { ...u.outs, __provider: warm.inputs.__provider });
    after = await local.control.counters();
    phases.delete = delta(before, after);
    const seqs = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, sequence(v)]));
    const perLifecycle = Object.values(seqs).reduce((s, q) => s + q.length, 0);
    const token = c.outs.creationToken;

    const runProvider = async (list) => {
      const b = await local.control.counters();
      const t0 = now();
      for (const s of list) await providerLifecycle(s.inputs, s.news2);
      const ms = msSince(t0);
      const a = await local.control.counters();
      return [ms, a.totalRequests - b.totalRequests];
    };
    const runBare = async () => {
      const b = await local.control.counters();
      const t0 = now();
      for (let i = 0; i < n; i++) {
        const s = {
          token: `${token}-${i}`,
          labels: { team: "bench", idx: String(i), "pulumi-agb-token": `${token}-${i}` },
          labels2: { team: "bench", idx: String(i), stage: "updated" },
        };
        for (const phase of ["create", "read", "update", "delete"]) await replay(bare, seqs[phase], s);
      }
      const ms = msSince(t0);
      const a = await local.control.counters();
      return [ms, a.totalRequests - b.totalRequests];
    };
    await runBare(); // warm-up of the bare side too
    const ratios = [];
    const ours = [];
    const base = [];
    const calls = [];
    for (let i = 0; i < reps; i++) {
      const list = await prepare(`r${i}`);
      await local.reset();
      let p;
      let b;
      if (i % 2 === 0) {
        p = await runProvider(list);
        await local.reset();
        b = await runBare();
      } else {
        b = await runBare();
        await local.reset();
        p = await runProvider(list);
      }
      ours.push(p[0]);
      base.push(b[0]);
      calls.push([p[1], b[1]]);
      ratios.push(p[0] / b[0]);
    }
    const mismatch = calls.filter(([p, b]) => p !== b).length;
    const phaseText = Object.entries(seqs)
      .map(([k, q]) => `${k}: ${q.join("+")}`)
      .join("; ");
    return [
      figure({
        id: 2,
        name: `provider overhead: create+read+label update+delete of ${n} sessions vs bare got`,
        value: median(ratios),
        unit: "x bare",
        baseline: `bare got, same calls: ${fmt(median(base))} ms`,
        target: { op: "<=", limit: 1.1 },
        detail:
          `provider ${fmt(median(ours))} ms; ${perLifecycle} calls per session (${phaseText})` +
          (mismatch ? `; WARNING: call counts differed in ${mismatch} reps (${JSON.stringify(calls)})` : ""),
      }),
    ];
  } finally {
    bare.close();
    await local.close();
  }
}

module.exports = { ids: [2], title: "provider overhead", run };
