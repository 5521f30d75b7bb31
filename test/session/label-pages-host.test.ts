/**
 * Issue 9 item 10: GetLabel is paged (agb-local pages it like ListSession). A Session with more
 * labels than one page, through the real provider host: read reports no drift, and a label update
 * passes its own read-back.
 */
import { claimCreatedSession } from "../../dist/dynamic/claim";
import { directClient } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";
import { sessionNews, SESSION_URN } from "../support/host-news";

const KEY = "akm-label-pages-key-4a90c1";
/** Well over one page of the client (50) and of agb-local's default (10), with the 4 managed labels. */
const COUNT = 70;

const fixture = useHostAndLocal({ apiKey: KEY });

function manyLabels(prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) out[`k${String(i).padStart(3, "0")}`] = `${prefix}-${i}`;
  return out;
}

const news = (labels: Record<string, string>) => sessionNews({ labels });

test("labels past the first GetLabel page: no drift on read, update read-back passes", async () => {
  const first = (await fixture.host.check(SESSION_URN, {}, news(manyLabels("a")))).inputs;
  const created = await fixture.host.create(SESSION_URN, first);
  // What the program does once the engine recorded it (claim.ts); unclaimed, read would say so.
  await claimCreatedSession(
    directClient(fixture.local.url, KEY),
    { project: "proj", stack: "test", name: "dev" },
    {
      sessionId: created.id,
      labels: created.properties.labels as Record<string, string>,
      creationToken: created.properties.creationToken as string,
    },
  );
  const gets = (await fixture.local.control.counters()).requests.GetLabel ?? 0;

  const read = await fixture.host.read(SESSION_URN, created.id, created.properties);
  expect(read.inputs?.labels).toEqual(manyLabels("a"));
  expect(await fixture.host.diff(SESSION_URN, created.id, read.properties, first)).toMatchObject({ changes: "none" });
  // The read really went past one page.
  expect((await fixture.local.control.counters()).requests.GetLabel - gets).toBeGreaterThan(1);

  const changed = { ...manyLabels("b"), extra: "x" };
  const second = (await fixture.host.check(SESSION_URN, first, news(changed))).inputs;
  const updated = await fixture.host.update(SESSION_URN, created.id, read.properties, second);
  expect(updated.properties.labels).toEqual(changed);
  expect((await fixture.host.read(SESSION_URN, created.id, updated.properties)).inputs?.labels).toEqual(changed);
  await fixture.host.delete(SESSION_URN, created.id, updated.properties);
});
