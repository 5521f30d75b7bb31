/**
 * Point 5: sessions with upload-enabled syncs are released only after their upload succeeded
 * (agb-local's releasesWithUnsyncedData stays 0); a failed final upload stops the delete with a clear
 * error and releases nothing, unless the user set `syncOnDelete: false`.
 */
import { audit, expectExact, liveSessionsOf } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const sc = useScenario("deldata", "05-delete-data");

const live = async (): Promise<number> => (await liveSessionsOf(sc.local.control, sc.apiKey)).length;

test("destroy uploads before release: 0 releases with un-uploaded data", async () => {
  const run = sc.base("ok", { sessions: 6, contexts: 2, syncEvery: 1 });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  const counters = await sc.local.control.counters();
  expect(counters.sessionsReleased).toBe(6);
  expect(counters.releasesWithUnsyncedData).toBe(0);
  expect(counters.requests.SyncContext ?? 0).toBeGreaterThanOrEqual(6);
  record("05-delete-data", "5", "no data lost on delete", {
    releasesChecked: counters.sessionsReleased,
    releasesWithUnsyncedData: counters.releasesWithUnsyncedData,
  });
});

test("a failed final upload stops the delete with a clear error; syncOnDelete: false releases anyway", async () => {
  const run = sc.base("fail", { sessions: 2, contexts: 1, syncEvery: 1 });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const releasedBefore = (await sc.local.control.counters()).sessionsReleased;
  await sc.local.control.setTiming({ syncOutcome: "Failed" });
  const refused = await runFleet({ ...run, op: "destroy" });
  expect(refused.ok).toBe(false);
  expect(refused.error).toMatch(/upload/i);
  expect(refused.error).toMatch(/NOT released|not released/);
  expect(refused.error).toMatch(/syncOnDelete/);
  const mid = await sc.local.control.counters();
  expect(mid.sessionsReleased).toBe(releasedBefore); // nothing was released
  expect(mid.releasesWithUnsyncedData).toBe(0);
  expect(await live()).toBe(2);
  expectExact(await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "fail").resources), 2, 1);

  // The user opts out: the data may be dropped, the release goes through.
  const optOut = { ...run, fleet: { ...run.fleet, syncOnDelete: false } };
  const up = await runFleet({ ...optOut, op: "up" });
  expect({ ok: up.ok, error: up.error }).toEqual({ ok: true, error: undefined });
  const destroy = await runFleet({ ...optOut, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  expect(await live()).toBe(0);
  record("05-delete-data", "5", "no data lost on delete", {
    failedUploadDeletesRefused: refused.ok ? 0 : 1,
    releasesWithUnsyncedDataBeforeOptOut: mid.releasesWithUnsyncedData,
  });
});
