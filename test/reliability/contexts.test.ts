/**
 * Point 6: `forceDestroy: false` refuses to delete a context holding files (a file uploaded through
 * the upload URL); replacing or deleting a session never deletes a context.
 */
import { audit, contextsOf, expectExact } from "./support/audit";
import { CONTEXT_TYPE, idsOfType, readStateFile, runFleet } from "./support/engine";
import { agbCall, ok } from "./support/raw-agb";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const sc = useScenario("contexts", "06-contexts");

const contextsOfAccount = async () => contextsOf(sc.local.control, sc.apiKey);

test("forceDestroy false refuses to delete a context holding files", async () => {
  const run = sc.base("files", { sessions: 0, contexts: 1, forceDestroy: false });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const [ctxId] = idsOfType(readStateFile(sc.stateDir, "files").resources, CONTEXT_TYPE);
  const url = await agbCall(sc.local.url, sc.apiKey, "POST", "/sdk/GetContextFileUploadUrl", {
    query: { contextId: ctxId, filePath: "/data/notes.txt" },
  });
  expect(ok(url)).toBe(true);
  expect((await fetch(url.body.data.url as string, { method: "PUT", body: "keep me", signal: AbortSignal.timeout(10_000) })).status).toBe(
    200,
  );

  const refused = await runFleet({ ...run, op: "destroy" });
  expect(refused.ok).toBe(false);
  expect(refused.error).toMatch(/forceDestroy/);
  expect(refused.error).toContain(ctxId);
  expect((await contextsOfAccount()).find((c) => c.id === ctxId)?.fileCount).toBe(1);
  expect(idsOfType(readStateFile(sc.stateDir, "files").resources, CONTEXT_TYPE)).toEqual([ctxId]);

  const force = { ...run, fleet: { ...run.fleet, forceDestroy: true } };
  expect((await runFleet({ ...force, op: "up" })).ok).toBe(true);
  const destroy = await runFleet({ ...force, op: "destroy" });
  expect({ ok: destroy.ok, error: destroy.error }).toEqual({ ok: true, error: undefined });
  expect((await contextsOfAccount()).some((c) => c.id === ctxId)).toBe(false);
  record("06-contexts", "6", "contexts: forceDestroy and session replacement", { nonEmptyDeletesRefused: 1 });
});

test("replacing and deleting sessions never deletes a context", async () => {
  const run = sc.base("replace", { sessions: 4, contexts: 2, syncEvery: 1 });
  expect((await runFleet({ ...run, op: "up" })).ok).toBe(true);
  const ctxIds = idsOfType(readStateFile(sc.stateDir, "replace").resources, CONTEXT_TYPE).sort();
  const deletesBefore = (await sc.local.control.counters()).requests.DeleteContext ?? 0;

  const replaced = await runFleet({ ...run, fleet: { ...run.fleet, imageId: "agb-code-space-2" }, op: "up" });
  expect({ ok: replaced.ok, error: replaced.error }).toEqual({ ok: true, error: undefined });
  expect(replaced.output).toMatch(/replace/);
  const removed = await runFleet({ ...run, fleet: { ...run.fleet, imageId: "agb-code-space-2", sessions: 0 }, op: "up" });
  expect({ ok: removed.ok, error: removed.error }).toEqual({ ok: true, error: undefined });

  const counters = await sc.local.control.counters();
  expect((counters.requests.DeleteContext ?? 0) - deletesBefore).toBe(0);
  expect((await contextsOfAccount()).map((c) => c.id).sort()).toEqual(expect.arrayContaining(ctxIds));
  expectExact(await audit(sc.local.control, sc.apiKey, readStateFile(sc.stateDir, "replace").resources), 0, 2);
  record("06-contexts", "6", "contexts: forceDestroy and session replacement", {
    sessionsReplacedOrDeleted: 8,
    contextsDeletedBySessionChanges: (counters.requests.DeleteContext ?? 0) - deletesBefore,
  });
});
