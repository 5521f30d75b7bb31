/**
 * Issue 9 item 6, through whole engine runs: every session's first createSession commits and loses
 * its answer, while ListSession shows new sessions late (`listLagMs`) or hides PENDING ones
 * (`listHidesPending`). The provider looks again, with waits, before it sends createSession again:
 * 0 duplicates, exactly one session per resource.
 */
import { audit, expectExact } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { firedByKind } from "./support/faults";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const POINT = "09-6-late-listing";
const SESSIONS = 6;
const sc = useScenario("latelist", POINT);

const cases = [
  { name: "lag", label: "listing lag 2 s", timing: { listLagMs: 2000 } },
  { name: "hidden", label: "PENDING hidden for 2 s", timing: { listHidesPending: true, createPendingMs: 2000 } },
];

test.each(cases)("lost createSession answers with a $label: 0 duplicates", async ({ name, timing }) => {
  await sc.local.control.reset();
  await sc.local.control.setTiming({ createSyncMs: 100, uploadSyncMs: 100, releaseMs: 50, clearMs: 50, ...timing });
  await sc.local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: SESSIONS });
  const run = sc.base(name, { sessions: SESSIONS, contexts: 0 });
  const up = await runFleet({ ...run, op: "up" });
  expect({ ok: up.ok, error: up.error }).toEqual({ ok: true, error: undefined });
  const counters = await sc.local.control.counters();
  const a = await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, name).resources);
  expectExact(a, SESSIONS, 0);
  const figures = {
    [`${name}AnswersLost`]: (await firedByKind(sc.local.control)).drops,
    [`${name}SessionsCreated`]: counters.sessionsCreated,
    [`${name}SessionsDuplicated`]: a.duplicatedSessions.length + (counters.sessionsCreated - SESSIONS),
    [`${name}SessionsLeaked`]: a.leakedSessions.length,
  };
  expect(figures).toEqual({
    [`${name}AnswersLost`]: SESSIONS,
    [`${name}SessionsCreated`]: SESSIONS,
    [`${name}SessionsDuplicated`]: 0,
    [`${name}SessionsLeaked`]: 0,
  });
  record(POINT, "9.6", "no second createSession before a late session could be seen (lag; hidden PENDING)", figures);
  expect((await runFleet({ ...run, op: "destroy" })).ok).toBe(true);
});
