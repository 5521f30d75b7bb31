/**
 * Issue 9 item 7: status words are compared without regard to case. agb-local answers session and
 * sync-task statuses in another casing (`statusCase`: `Running`/`Finish`/`Pending`/`Success`,
 * `running`, `SUCCESS`); a whole lifecycle through the real provider host (create with a sync and
 * a PENDING phase, read, label update, delete with upload) must behave as with the documented
 * casing. Deadlines are short so that a waiter comparing exactly fails in seconds, not minutes.
 */
import { useHostAndLocal } from "../support/host-fixture";
import { checkAndCreate, contextNews, CONTEXT_URN, sessionNews, SESSION_URN } from "../support/host-news";

const KEY = "akm-status-case-key-81c4d2";

const fixture = useHostAndLocal({ apiKey: KEY });

const newsFor = (ctxId: string, labels: Record<string, string>) =>
  sessionNews({ labels, contextSyncs: [{ contextId: ctxId, path: "/home/p" }], timeouts: { create: 8, delete: 8 } });

test.each(["pascal", "lower", "upper"] as const)("a whole lifecycle with statuses answered in %s case", async (statusCase) => {
  await fixture.local.control.reset();
  await fixture.local.control.setTiming({ statusCase, createPendingMs: 150 });
  const ctx = await checkAndCreate(fixture.host, CONTEXT_URN, contextNews());
  const news = (await fixture.host.check(SESSION_URN, {}, newsFor(ctx.id, { team: "ml" }))).inputs;
  const created = await fixture.host.create(SESSION_URN, news);
  expect(created.properties).toMatchObject({ sessionId: created.id, status: "RUNNING", ready: true });
  // The wire really answers in that casing (the test would prove nothing otherwise).
  const wire = await fetch(`${fixture.local.url}/mcp/getSessionInfo`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ sessionId: created.id }),
  });
  const wireStatus = ((await wire.json()) as { data: { status: string } }).data.status;
  expect(wireStatus).toBe({ pascal: "Running", lower: "running", upper: "RUNNING" }[statusCase]);

  const read = await fixture.host.read(SESSION_URN, created.id, created.properties);
  expect(read.id).toBe(created.id);
  expect(read.properties).toMatchObject({ status: "RUNNING" });

  const relabelled = (await fixture.host.check(SESSION_URN, news, newsFor(ctx.id, { team: "ops" }))).inputs;
  const updated = await fixture.host.update(SESSION_URN, created.id, created.properties, relabelled);
  expect(updated.properties).toMatchObject({ labels: { team: "ops" } });

  await fixture.host.delete(SESSION_URN, created.id, updated.properties);
  expect((await fixture.local.control.sessions()).map((s) => s.status)).toEqual(["FINISH"]);
  expect((await fixture.local.control.counters()).releasesWithUnsyncedData).toBe(0);
  // Released: a read now says gone (FINISH in any casing counts as released).
  expect((await fixture.host.read(SESSION_URN, created.id, updated.properties)).id).toBe("");
  await fixture.host.delete(CONTEXT_URN, ctx.id, ctx.properties);
});
