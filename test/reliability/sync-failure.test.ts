/**
 * Point 4: a sync that fails at create leaves the session recorded with its id (partial failure);
 * the next `up` finishes or replaces it; nothing leaks.
 */
import { audit, expectExact } from "./support/audit";
import { readStateFile, runFleet, SESSION_TYPE } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const sc = useScenario("syncfail", "04-sync-failure");

test("initial download fails: partial failure with the id in state, next up finishes, nothing leaks", async () => {
  const run = sc.base("syncfail", { sessions: 3, contexts: 1, syncEvery: 1 });
  await sc.local.control.setTiming({ syncOutcome: "Failed" });
  const first = await runFleet({ ...run, op: "up" });
  expect(first.ok).toBe(false);
  expect(first.error).toMatch(/s-[0-9a-f]{16}/); // the error names the session
  expect(first.output).toMatch(/download|sync/i);
  const state = readStateFile(sc.stateDir, "syncfail").resources.filter((r) => r.type === SESSION_TYPE);
  expect(state).toHaveLength(3);
  expect(state.every((r) => /^s-[0-9a-f]{16}$/.test(r.id))).toBe(true);
  const partial = await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "syncfail").resources);
  expectExact(partial, 3, 1);

  await sc.local.control.setTiming({ syncOutcome: "Success" });
  const second = await runFleet({ ...run, op: "up" });
  expect({ ok: second.ok, error: second.error }).toEqual({ ok: true, error: undefined });
  const after = readStateFile(sc.stateDir, "syncfail").resources.filter((r) => r.type === SESSION_TYPE);
  expect(after.every((r) => r.outputs.ready === true && !r.initErrors?.length)).toBe(true);
  const a = await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "syncfail").resources);
  expectExact(a, 3, 1);

  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  const gone = await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "syncfail").resources);
  expectExact(gone, 0, 0);
  const counters = await sc.local.control.counters();
  record("04-sync-failure", "4", "sync failure at create, then up again", {
    partialFailuresRecorded: state.length,
    sessionsCreated: counters.sessionsCreated,
    sessionsLeaked: partial.leakedSessions.length + a.leakedSessions.length + gone.leakedSessions.length,
    sessionsDuplicated: a.duplicatedSessions.length,
  });
});
