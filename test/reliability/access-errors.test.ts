/**
 * Issue 9 item 2: an access error is never "not found". A stack is up; then agb-local answers every
 * AGB call as the service answers a key it does not know (HTTP 403, `InvalidApiKey.NotFound`,
 * "The specified API key is not found"). refresh and destroy must fail with the advice to check
 * `agb:apiKey`, drop nothing from state and release nothing; with the key accepted again, destroy
 * removes everything.
 */
import { audit, expectExact, liveSessionsOf } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const POINT = "12-access-errors";
const SESSIONS = 4;
const KEY_UNKNOWN = { operation: "*", httpStatus: 403, code: "InvalidApiKey.NotFound", message: "The specified API key is not found" };

const sc = useScenario("access", POINT);

test("refresh and destroy under a refused key fail, drop nothing and release nothing", async () => {
  const run = sc.base("access", { sessions: SESSIONS, contexts: 1, syncEvery: 1 });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const stateIds = () =>
    readStateFile(sc.stateDir, "access")
      .resources.map((r) => `${r.urn}=${r.id}`)
      .sort();
  const before = stateIds();

  await sc.local.control.injectFault(KEY_UNKNOWN);
  let refused = 0;
  for (const op of ["refresh", "destroy"] as const) {
    const r = await runFleet({ ...run, op });
    expect({ op, ok: r.ok }).toEqual({ op, ok: false });
    expect(r.output).toContain("check agb:apiKey");
    expect(r.output).not.toContain(sc.apiKey);
    expect({ op, state: stateIds() }).toEqual({ op, state: before });
    refused++;
  }
  await sc.local.control.clearFaults();
  const dropped = before.filter((r) => !stateIds().includes(r)).length;

  const released = (await sc.local.control.counters()).sessionsReleased;
  const stillRunning = (await liveSessionsOf(sc.local.control, sc.apiKey)).length;
  expect({ released, stillRunning }).toEqual({ released: 0, stillRunning: SESSIONS });
  expectExact(await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "access").resources), SESSIONS, 1);

  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  expect(await liveSessionsOf(sc.local.control, sc.apiKey)).toEqual([]);
  record(POINT, "12", "access error (403 InvalidApiKey.NotFound) during refresh and destroy", {
    operationsRefused: refused,
    resourcesDropped: dropped,
    sessionsReleasedUnderRefusedKey: released,
    sessionsStillRunning: stillRunning,
    resourcesInState: before.length,
  });
});
