/**
 * Issue 9 item 1: a session belongs to exactly one resource, through whole engine runs.
 * - `up --replace <urn>` of every session (the engine checks with no olds, creates, then deletes the
 *   old, and never calls Diff: pulumi/pulumi pkg/resource/deploy/step_generator.go,
 *   `isTargetedReplace`): every resource gets a new session and every old one is released;
 * - two Sessions with one logical name under parents of different types: two sessions.
 */
import { audit, expectExact, liveSessionsOf } from "./support/audit";
import { readStateFile, runFleet, SESSION_TYPE } from "./support/engine";
import type { StateResource } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const POINT = "09-1-session-ownership";
const SESSIONS = 4;
const sc = useScenario("ownership", POINT);

const sessionsIn = (resources: StateResource[]) => resources.filter((r) => r.type === SESSION_TYPE && r.id && !r.pendingDelete);

test("up --replace of every session: new sessions, old ones released, 0 shared", async () => {
  const run = sc.base("replace", { sessions: SESSIONS, contexts: 0 });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const before = sessionsIn(readStateFile(sc.stateDir, "replace").resources);
  expect(before).toHaveLength(SESSIONS);

  const replaced = await runFleet({ ...run, op: "up", replace: before.map((r) => r.urn) });
  expect({ ok: replaced.ok, error: replaced.error }).toEqual({ ok: true, error: undefined });
  const after = sessionsIn(readStateFile(sc.stateDir, "replace").resources);
  const oldIds = new Set(before.map((r) => r.id));
  const statuses = new Map((await sc.local.control.sessions()).map((s) => [s.sessionId, s.status]));
  const figures = {
    resourcesReplaced: after.length,
    sessionsShared: after.filter((r) => oldIds.has(r.id)).length,
    oldSessionsReleased: before.filter((r) => ["DELETING", "FINISH"].includes(statuses.get(r.id) ?? "")).length,
    newSessionsLive: after.filter((r) => statuses.get(r.id) === "RUNNING").length,
  };
  expect(figures).toEqual({ resourcesReplaced: SESSIONS, sessionsShared: 0, oldSessionsReleased: SESSIONS, newSessionsLive: SESSIONS });
  const a = await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "replace").resources);
  expectExact(a, SESSIONS, 0);
  record(POINT, "9.1", "a session belongs to one resource (up --replace; same name, two parents)", {
    ...figures,
    leakedAfterReplace: a.leakedSessions.length,
  });
  expect((await runFleet({ ...run, op: "destroy" })).ok).toBe(true);
});

test("two Sessions with one name under parents of different types: two sessions, each destroyed on its own", async () => {
  const run = sc.base("twins", { sessions: 0, contexts: 0, twinParents: true });
  const up = await runFleet({ ...run, op: "up" });
  expect({ ok: up.ok, error: up.error }).toEqual({ ok: true, error: undefined });
  const twins = sessionsIn(readStateFile(sc.stateDir, "twins").resources);
  const live = await liveSessionsOf(sc.local.control, sc.apiKey);
  const figures = {
    twinResources: twins.length,
    twinSessions: new Set(twins.map((r) => r.id)).size,
    liveTwinSessions: live.filter((s) => s.labels["pulumi-agb-name"] === "twin").length,
  };
  expect(figures).toEqual({ twinResources: 2, twinSessions: 2, liveTwinSessions: 2 });
  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  const left = (await liveSessionsOf(sc.local.control, sc.apiKey)).length;
  expect(left).toBe(0);
  record(POINT, "9.1", "a session belongs to one resource (up --replace; same name, two parents)", { ...figures, liveAfterDestroy: left });
});
