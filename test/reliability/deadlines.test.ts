/**
 * Point 11: a session that never leaves PENDING fails at its configured deadline (timeouts.create)
 * with a clear message and is released by its create (it never ran); a create-time sync that never
 * finishes fails at the deadline, leaving the session id in state.
 */
import { audit, expectExact } from "./support/audit";
import { readStateFile, runFleet, SESSION_TYPE } from "./support/engine";
import { newKey } from "./support/raw-agb";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const DEADLINE_S = 4;
const sc = useScenario("deadlines", "11-deadlines");

async function expectTimedOutWithId(stack: string, fleet: Record<string, string | number | boolean>, what: RegExp): Promise<void> {
  // Its own account, so the audit sees only this stack's sessions.
  const apiKey = newKey(stack);
  const run = { ...sc.base(stack, { sessions: 1, createTimeout: DEADLINE_S, ...fleet }), apiKey };
  const up = await runFleet({ ...run, op: "up", timeoutMs: 120_000 });
  expect(up.ok).toBe(false);
  // A clear message: it names the session, what it waited for and the deadline.
  expect(up.error).toMatch(/s-[0-9a-f]{16}/);
  expect(up.error).toMatch(what);
  expect(up.output).toMatch(new RegExp(`${DEADLINE_S}\\s*s|timeouts\\.create|deadline|timed out`, "i"));
  const sessions = readStateFile(sc.stateDir, stack).resources.filter((r) => r.type === SESSION_TYPE);
  expect(sessions).toHaveLength(1);
  expect(up.error).toContain(sessions[0].id);
  expectExact(
    await audit(sc.local.control, apiKey, readStateFile(sc.stateDir, stack).resources),
    1,
    fleet.contexts === undefined ? 1 : Number(fleet.contexts),
  );
}

test("a session that never leaves PENDING fails at timeouts.create and is released, nothing recorded", async () => {
  await sc.local.control.setTiming({ createPendingMs: -1 });
  try {
    const apiKey = newKey("pending");
    const run = { ...sc.base("pending", { sessions: 1, createTimeout: DEADLINE_S, contexts: 0 }), apiKey };
    const up = await runFleet({ ...run, op: "up", timeoutMs: 120_000 });
    expect(up.ok).toBe(false);
    // A clear message: it names the session, what it waited for, the deadline and what became of it.
    expect(up.error).toMatch(/session s-[0-9a-f]{16} did not become RUNNING \(timeouts\.create: 4 s\)[\s\S]*released/);
    expect(readStateFile(sc.stateDir, "pending").resources.filter((r) => r.type === SESSION_TYPE)).toHaveLength(0);
    expectExact(await audit(sc.local.control, apiKey, readStateFile(sc.stateDir, "pending").resources), 0, 0);
  } finally {
    await sc.local.control.setTiming({ createPendingMs: 0 });
  }
  record("11-deadlines", "11", "deadlines (PENDING forever, sync never finishes)", { pendingForeverFailedAtDeadlineAndReleased: 1 });
});

test("a create-time sync that never finishes fails at timeouts.create, id kept in state", async () => {
  await sc.local.control.setTiming({ syncOutcome: "Never" });
  try {
    await expectTimedOutWithId("never", { contexts: 1, syncEvery: 1 }, /download|sync/i);
  } finally {
    await sc.local.control.setTiming({ syncOutcome: "Success" });
  }
  record("11-deadlines", "11", "deadlines (PENDING forever, sync never finishes)", { syncNeverFinishesFailedAtDeadlineWithIdInState: 1 });
});
