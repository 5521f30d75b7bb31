/**
 * Issue 9 items 3 and 8, through whole engine runs:
 * - destroy uploads exactly the mounts marked for upload (agb-local records one upload task per
 *   mount a SyncContext covered), so a mount with autoUpload off is never uploaded;
 * - sessions that never became RUNNING (agb-local keeps them PENDING) are destroyed with the
 *   default syncOnDelete, without an upload.
 */
import { audit, expectExact, liveSessionsOf } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const UPLOADS = "09-3-destroy-uploads";
const PENDING = "09-8-pending-destroy";
const sc = useScenario("uploads", UPLOADS, PENDING);

test("destroy uploads the marked mounts only: 0 uploads of mounts with autoUpload off", async () => {
  const SESSIONS = 6;
  const run = sc.base("marked", { sessions: SESSIONS, contexts: 2, syncEvery: 1, unmarkedSyncs: true });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });

  const uploads = (await sc.local.control.sessions()).flatMap((s) => s.uploads);
  const counters = await sc.local.control.counters();
  const figures = {
    markedMountsUploaded: uploads.filter((u) => u.path === "/home/wuying/data" && u.status === "Success").length,
    unmarkedMountsUploaded: uploads.filter((u) => u.path === "/home/wuying/cache").length,
    releasesWithUnsyncedData: counters.releasesWithUnsyncedData,
    sessionsReleased: counters.sessionsReleased,
  };
  expect(figures).toEqual({
    markedMountsUploaded: SESSIONS,
    unmarkedMountsUploaded: 0,
    releasesWithUnsyncedData: 0,
    sessionsReleased: SESSIONS,
  });
  record(UPLOADS, "9.3", "destroy uploads exactly the mounts marked for upload", figures);
});

test("sessions that never became RUNNING are released by their own create, nothing uploaded and nothing recorded", async () => {
  const SESSIONS = 3;
  await sc.local.control.setTiming({ createPendingMs: -1 });
  const run = sc.base("pending", { sessions: SESSIONS, contexts: 1, syncEvery: 1, createTimeout: 2 });
  try {
    const before = await sc.local.control.counters();
    const up = await runFleet({ ...run, op: "up" });
    expect(up.ok).toBe(false); // each create gave up at its deadline
    expectExact(await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "pending").resources), 0, 1);
    const after = await sc.local.control.counters();
    const destroy = await runFleet({ ...run, op: "destroy" });
    expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
    const figures = {
      pendingSessionsReleasedByCreate: after.sessionsReleased - before.sessionsReleased,
      uploadsAttempted: (after.requests.SyncContext ?? 0) - (before.requests.SyncContext ?? 0),
      liveAfterDestroy: (await liveSessionsOf(sc.local.control, sc.apiKey)).length,
    };
    expect(figures).toEqual({ pendingSessionsReleasedByCreate: SESSIONS, uploadsAttempted: 0, liveAfterDestroy: 0 });
    record(PENDING, "9.8", "a session that never became RUNNING is released by its create (nothing uploaded, nothing recorded)", figures);
  } finally {
    await sc.local.control.setTiming({ createPendingMs: 0 });
  }
});
