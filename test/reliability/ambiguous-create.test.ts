/**
 * Point 2: agb-local commits createSession and then drops the connection; the provider finds the
 * session by its creation token and adopts it: 0 duplicates, exactly one session per resource.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAgbLocal } from "../../dist/local/index.js";
import type { AgbLocal } from "../../dist/local/index.js";
import { audit, expectExact } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { firedByKind } from "./support/faults";
import { newKey } from "./support/raw-agb";
import { record, resetPoint, writeSummary } from "./support/results";

const SESSIONS = 6;
let local: AgbLocal;
let stateDir: string;

beforeAll(async () => {
  resetPoint("02-ambiguous-create");
  local = await startAgbLocal({ port: 0, quiet: true });
  stateDir = mkdtempSync(join(tmpdir(), "agb-rel-ambiguous-"));
});
afterAll(async () => {
  await local?.close();
  rmSync(stateDir, { recursive: true, force: true });
  writeSummary();
});

test("createSession committed then dropped: adopted by creation token, 0 duplicates", async () => {
  const apiKey = newKey("ambiguous");
  // Every session's first createSession commits and loses its answer; retries then succeed.
  await local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: SESSIONS });
  const up = await runFleet({ op: "up", stack: "amb", stateDir, endpoint: local.url, apiKey, fleet: { sessions: SESSIONS, contexts: 0 } });
  expect({ ok: up.ok, error: up.error }).toEqual({ ok: true, error: undefined });
  const counters = await local.control.counters();
  const fired = await firedByKind(local.control);
  const a = await audit(local.control, apiKey, readStateFile(stateDir, "amb").resources);
  expectExact(a, SESSIONS, 0);
  expect(fired.drops).toBe(SESSIONS);
  expect(counters.sessionsCreated).toBe(SESSIONS); // no second session was ever made
  record("02-ambiguous-create", "2", "ambiguous create (commit-then-drop)", {
    committedThenDropped: fired.drops,
    createSessionCalls: counters.requests.createSession ?? 0,
    sessionsCreated: counters.sessionsCreated,
    sessionsDuplicated: a.duplicatedSessions.length + (counters.sessionsCreated - SESSIONS),
    sessionsLeaked: a.leakedSessions.length,
  });
});
