/**
 * Point 9: state made against one endpoint, then refresh or up against another: a clear error
 * naming both endpoints, and nothing dropped from state (nor released on the first endpoint).
 */
import { startAgbLocal } from "../../dist/local/index.js";
import type { AgbLocal } from "../../dist/local/index.js";
import { audit, expectExact } from "./support/audit";
import { readStateFile, runFleet } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const sc = useScenario("guard", "09-backend-guard");
let other: AgbLocal;
beforeAll(async () => {
  other = await startAgbLocal({ port: 0, quiet: true });
});
afterAll(async () => {
  await other?.close();
});

test("refresh, up and destroy against another endpoint fail clearly and drop nothing", async () => {
  const run = sc.base("guard", { sessions: 3, contexts: 1, syncEvery: 1 });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const before = readStateFile(sc.stateDir, "guard")
    .resources.map((r) => `${r.urn}=${r.id}`)
    .sort();
  let refused = 0;
  for (const op of ["refresh", "up", "destroy"] as const) {
    const r = await runFleet({ ...run, endpoint: other.url, op });
    expect({ op, ok: r.ok }).toEqual({ op, ok: false });
    expect(r.error).toContain(sc.local.url.replace(/^http:\/\//, ""));
    expect(r.error).toContain(other.url.replace(/^http:\/\//, ""));
    refused++;
    const after = readStateFile(sc.stateDir, "guard")
      .resources.map((x) => `${x.urn}=${x.id}`)
      .sort();
    expect({ op, after }).toEqual({ op, after: before });
  }
  expect((await other.control.counters()).sessionsCreated).toBe(0);
  expectExact(await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "guard").resources), 3, 1);
  const destroy = await runFleet({ ...run, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  record("09-backend-guard", "9", "backend guard (other endpoint)", {
    operationsRefused: refused,
    resourcesDropped: 0,
    sessionsCreatedOnOtherEndpoint: 0,
  });
});
