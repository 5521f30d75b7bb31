/**
 * Issue 9 item 13: refresh reports only real drift. A session using a Context moves the context's
 * last-use time on the service; a read of the Context through the real provider host afterwards
 * must hand back exactly the outputs and inputs it had (so refresh reports no drift), while a real
 * change (a rename out of band) still shows.
 */
import { useHostAndLocal } from "../support/host-fixture";
import { checkAndCreate, contextNews, CONTEXT_URN, sessionNews, SESSION_URN } from "../support/host-news";

const KEY = "akm-context-refresh-key-5e2b77";

const fixture = useHostAndLocal({ apiKey: KEY });

/** The context's last-use time as the service reports it (raw GetContext, the host's account). */
async function serviceLastUsed(id: string): Promise<string> {
  const res = await fetch(`${fixture.local.url}/sdk/GetContext?id=${id}&allowCreate=false`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  return ((await res.json()) as { data: { lastUsedTime: string } }).data.lastUsedTime;
}

test("a Context read after a session used it yields identical outputs and inputs", async () => {
  const checked = (await fixture.host.check(CONTEXT_URN, {}, contextNews())).inputs;
  const ctx = await fixture.host.create(CONTEXT_URN, checked);
  const before = await fixture.host.read(CONTEXT_URN, ctx.id, ctx.properties, checked);

  // A minute later a session mounts the context (the service's last-use time moves).
  await fixture.local.control.advanceClock(60_000);
  const lastUsedBefore = await serviceLastUsed(ctx.id);
  const session = await checkAndCreate(fixture.host, SESSION_URN, sessionNews({ contextSyncs: [{ contextId: ctx.id, path: "/home/p" }] }));
  await fixture.local.control.advanceClock(60_000);
  await fixture.host.delete(SESSION_URN, session.id, session.properties);

  const after = await fixture.host.read(CONTEXT_URN, ctx.id, before.properties, before.inputs);
  expect(after.properties).toEqual(before.properties);
  expect(after.inputs).toEqual(before.inputs);
  expect(after.properties).toEqual(ctx.properties);
  // The service's fact really moved (so the equality above is not vacuous).
  expect(await serviceLastUsed(ctx.id)).not.toBe(lastUsedBefore);

  // Real drift still shows: a rename out of band comes back in the inputs.
  await fetch(`${fixture.local.url}/sdk/ModifyContext?id=${ctx.id}&name=renamed`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}` },
  });
  expect((await fixture.host.read(CONTEXT_URN, ctx.id, after.properties, after.inputs)).inputs).toMatchObject({ name: "renamed" });
  await fixture.host.delete(CONTEXT_URN, ctx.id, { ...after.properties, name: "renamed" });
});
