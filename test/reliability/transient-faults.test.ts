/**
 * Points 1 and 5 (under faults): with 10% 429 on every operation, 20% 5xx on reads, connection
 * resets and up to 300 ms latency, `up` of 40 sessions + 5 contexts completes and agb-local then holds
 * exactly the sessions and contexts in state. A destroy under the same faults releases everything,
 * and no session with an upload-enabled sync is released before its upload succeeded.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAgbLocal } from "../../dist/local/index.js";
import type { AgbLocal } from "../../dist/local/index.js";
import { audit, expectExact } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { firedByKind, injectTransientStorm } from "./support/faults";
import { newKey } from "./support/raw-agb";
import { record, resetPoint, writeSummary } from "./support/results";

const SESSIONS = 40;
const CONTEXTS = 5;

let local: AgbLocal;
let stateDir: string;

beforeAll(async () => {
  resetPoint("01-transient-faults");
  local = await startAgbLocal({ port: 0, quiet: true, timing: { createSyncMs: 100, uploadSyncMs: 100, releaseMs: 50 } });
  stateDir = mkdtempSync(join(tmpdir(), "agb-rel-faults-"));
});
afterAll(async () => {
  await local?.close();
  rmSync(stateDir, { recursive: true, force: true });
  writeSummary();
});

test(`up of ${SESSIONS} sessions + ${CONTEXTS} contexts under transient faults: exactly what state holds`, async () => {
  const apiKey = newKey("faults");
  await injectTransientStorm(local.control);
  const run = { stack: "storm", stateDir, endpoint: local.url, apiKey, fleet: { sessions: SESSIONS, contexts: CONTEXTS, syncEvery: 4 } };

  const up = await runFleet({ ...run, op: "up" });
  const firedDuringUp = await firedByKind(local.control);
  expect({ ok: up.ok, error: up.error }).toEqual({ ok: true, error: undefined });
  const a = await audit(local.control, apiKey, readStateFile(stateDir, "storm").resources);
  expectExact(a, SESSIONS, CONTEXTS);
  expect(a.liveSessions).toBe(SESSIONS);

  // Destroy under the same faults: nothing stays behind, no data-losing release.
  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  const after = await local.control.counters();
  const fired = await firedByKind(local.control);
  const gone = await audit(local.control, apiKey, readStateFile(stateDir, "storm").resources);
  expectExact(gone, 0, 0);
  expect(gone.liveSessions).toBe(0);
  expect(after.releasesWithUnsyncedData).toBe(0);

  record("01-transient-faults", "1", "transient faults: up 40 sessions + 5 contexts, then destroy", {
    failuresInjected: fired.failures,
    failuresDuringUp: firedDuringUp.failures,
    throttled429: fired.throttled,
    serverErrors5xx: fired.serverErrors,
    connectionResets: fired.resets,
    delayedRequests: fired.delayed,
    apiRequests: after.totalRequests,
    sessionsCreated: after.sessionsCreated,
    sessionsLeaked: a.leakedSessions.length + gone.leakedSessions.length,
    sessionsDuplicated: a.duplicatedSessions.length,
    contextsLeaked: gone.leakedContexts.length,
    releasesWithUnsyncedData: after.releasesWithUnsyncedData,
  });
});
