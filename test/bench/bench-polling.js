"use strict";
/**
 * 11. Polite polling (issue 9 item 14): what our waits cost the service in requests.
 *  - a wait of 60 s (a create whose one sync takes 60 s): requests the wait made, target <= 40;
 *  - a whole `up` + `destroy` of 20 Sessions with one sync each, through the test engine (real
 *    program, real provider host, parallelism 8 = Pulumi's default of 4 per core on this 2-core
 *    machine): every AGB request, against an SDK-like sequential script doing the same work as the
 *    official SDKs do it (create + 2 s sync poller, delete(syncContext) with 1.5 s sync and 1 s
 *    release pollers; docs/agb-protocol.md §5, §7, §12) measured in the same run. Targets: <= 1.5x the
 *    script's requests, and >= 5x faster than the script.
 * agb-local runs in its own process with its default timings (downloads 200 ms, uploads 200 ms,
 * release 100 ms); requests are agb-local's own counters (`/_local/counters`).
 */
const path = require("node:path");
const { startLocalProcess } = require("./lib/agb-local-process");
const { BareAgb } = require("./lib/bare-agb");
const { loadEngine, makeProgram, engineOp } = require("./lib/engine");
const { figure } = require("./lib/figure");
const { median, msSince, now, sleep, fmt } = require("./lib/stats");
const P = require("./lib/provider-setup");

const SESSIONS = 20;
const PARALLEL = 8;
const LONG_SYNC_MS = 60_000;
const TERMINAL = new Set(["Success", "Failed"]);
/** The official TS SDK's measured count for the same 20 cycles (docs/agb-protocol.md §19: 10 per session). */
const SDK_MEASURED_REQUESTS = 200;

async function pollEvery(intervalMs, probe) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error("SDK-like poller gave up after 120 s");
    await sleep(intervalMs);
  }
}

/** One SDK-like cycle: create with one sync and wait for it, then delete(syncContext=true). */
async function sdkCycle(bare, contextId) {
  const id = await bare.createSession("agb-code-space-1", { team: "bench" }, [{ contextId, path: "/home/project", policy: {} }]);
  await pollEvery(2000, async () => (await bare.contextTasks(id)).every((t) => TERMINAL.has(t.status)));
  await bare.syncContext(id);
  await pollEvery(1500, async () => (await bare.contextTasks(id)).every((t) => TERMINAL.has(t.status)));
  await bare.releaseSessionAsync(id);
  await pollEvery(1000, async () => {
    try {
      return (await bare.getSessionInfo(id)) === "FINISH";
    } catch (err) {
      if (/NotFound/.test(String(err.code))) return true;
      throw err;
    }
  });
}

/** The SDK-like sequential script: its context (get-or-create) and `cycles` cycles, one after another. */
async function sdkScript(cycles) {
  const local = await startLocalProcess();
  const bare = await new BareAgb(local.url, P.API_KEY).init();
  try {
    const t0 = now();
    const contextId = (await bare.call("GET", "sdk/GetContext", { query: { name: "sdk-script", allowCreate: "true" } })).data.id;
    for (let i = 0; i < cycles; i++) await sdkCycle(bare, contextId);
    return { ms: msSince(t0), requests: (await local.control.counters()).totalRequests };
  } finally {
    bare.close();
    await local.close();
  }
}

/** A provider create whose single sync takes 60 s: the wait's GetContextInfo requests and all requests. */
async function longWait() {
  const local = await startLocalProcess({ createSyncMs: LONG_SYNC_MS });
  try {
    await P.configureProviders(local.url);
    const [ctx] = await P.makeContexts(local.url, 1, "bench-long");
    const inputs = await P.checkedSessionInputs({ imageId: "agb-code-space-1", contextSyncs: [{ contextId: ctx, path: "/home/project" }] });
    const before = await local.control.counters();
    const t0 = now();
    const created = await P.sessionProvider.create(inputs);
    const ms = msSince(t0);
    const after = await local.control.counters();
    await P.sessionProvider.delete(created.id, { ...created.outs, __provider: inputs.__provider, syncOnDelete: false });
    const diff = (op) => (after.requests[op] ?? 0) - (before.requests[op] ?? 0);
    return { ms, waitRequests: diff("GetContextInfo"), total: after.totalRequests - before.totalRequests };
  } finally {
    await local.close();
  }
}

async function run({ reps, quick }) {
  // The script's cycles are identical and sequential; --quick measures 5 and scales (and says so).
  const cycles = quick ? 5 : SESSIONS;
  const engine = loadEngine();
  const program = makeProgram();
  try {
    // The two long, sleep-bound measurements run side by side, each against its own agb-local.
    const [sdk, long] = await Promise.all([sdkScript(cycles), longWait()]);
    const scale = SESSIONS / cycles;
    const sdkMs = sdk.ms * scale;
    const sdkRequests = Math.round((sdk.requests - 1) * scale + 1);

    const local = await startLocalProcess();
    const ours = [];
    try {
      for (let i = 0; i < reps; i++) {
        await local.reset();
        const base = {
          dir: program.dir,
          stateDir: path.join(program.dir, ".states", `run-${i}`),
          endpoint: local.url,
          apiKey: P.API_KEY,
          sessions: SESSIONS,
          contexts: 1,
          parallel: PARALLEL,
        };
        const t0 = now();
        await engineOp(engine, { ...base, op: "up" });
        await engineOp(engine, { ...base, op: "destroy" });
        const ms = msSince(t0);
        const counters = await local.control.counters();
        if (counters.sessionsCreated !== SESSIONS || counters.sessionsReleased !== SESSIONS) {
          throw new Error(
            `expected ${SESSIONS} sessions created and released, got ${counters.sessionsCreated} / ${counters.sessionsReleased}`,
          );
        }
        ours.push({ ms, requests: counters.totalRequests, byOp: counters.requests });
      }
    } finally {
      await local.close();
    }
    const requests = median(ours.map((o) => o.requests));
    const ms = median(ours.map((o) => o.ms));
    const perOp = Object.entries(ours[0].byOp)
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op} ${n}`)
      .join(", ");
    const scriptNote = quick ? ` (QUICK: ${cycles} cycles measured, scaled to ${SESSIONS})` : "";
    return [
      figure({
        id: 11,
        name: "a 60 s wait (create whose one sync takes 60 s): requests the wait made",
        value: long.waitRequests,
        unit: "requests",
        baseline: `computed, not run: the official SDKs' 2 s create poller would make ${Math.ceil(LONG_SYNC_MS / 2000) + 1} requests`,
        target: { op: "<=", limit: 40 },
        detail: `GetContextInfo polls during the wait; the whole create made ${long.total} requests in ${fmt(long.ms)} ms`,
      }),
      figure({
        id: 11,
        name: `up + destroy of ${SESSIONS} Sessions (1 sync each): AGB requests vs SDK-like sequential script`,
        value: requests / sdkRequests,
        unit: "x script",
        baseline: `SDK-like script: ${sdkRequests} requests${scriptNote}; the official TS SDK measured ${SDK_MEASURED_REQUESTS} (docs/agb-protocol.md §19), ${fmt(requests / SDK_MEASURED_REQUESTS)}x that`,
        target: { op: "<=", limit: 1.5 },
        detail: `ours ${fmt(requests)} requests (median of ${ours.length}; first run: ${perOp})`,
      }),
      figure({
        id: 11,
        name: `up + destroy of ${SESSIONS} Sessions (1 sync each): speedup vs the SDK-like sequential script`,
        value: sdkMs / ms,
        unit: "x faster",
        baseline: `SDK-like script ${fmt(sdkMs)} ms${scriptNote}`,
        target: { op: ">=", limit: 5 },
        detail: `engine up + destroy ${fmt(ms)} ms (median of ${ours.length}, parallelism ${PARALLEL}, program and host start included)`,
      }),
    ];
  } finally {
    program.remove();
  }
}

module.exports = { ids: [11], title: "polite polling", run };
