/**
 * Session create checks `browserContext.extensionOption.extensionIds` against the files in the
 * extension context's /tmp/extensions before createSession: missing ids are named and nothing is
 * created. Handlers against agb-local.
 */
import {
  directClient,
  errorOf,
  putExtension as putInto,
  sessionInputs,
  sessionProvider,
  useHandlerLocal,
} from "../support/handler-helpers";

jest.setTimeout(120_000);

const local = useHandlerLocal();
const id = (c: string) => `ext_${c.repeat(32)}.zip`;

const putExtension = (contextId: string, extensionId: string) => putInto(local.url, contextId, extensionId);

async function browserSession(extContextId: string, extensionIds: string[]) {
  const api = directClient(local.url);
  const data = await api.getContext({ name: "browser-data", allowCreate: true });
  return sessionInputs({
    imageId: "agb-browser-use-1",
    browserContext: { contextId: data.id, extensionOption: { contextId: extContextId, extensionIds } },
  });
}

test("missing extension ids are named and no session is created; present ones let the create go ahead", async () => {
  const ext = await directClient(local.url).getContext({ name: "extensions", allowCreate: true });
  await putExtension(ext.id, id("a"));
  await putExtension(ext.id, id("b"));

  const refused = await errorOf(sessionProvider.create(await browserSession(ext.id, [id("a"), id("c"), id("d")])));
  expect(refused.message).toContain(
    `browserContext.extensionOption.extensionIds: ${id("c")}, ${id("d")} are not in /tmp/extensions/ of context ${ext.id}`,
  );
  expect(refused.message).not.toContain(id("a"));
  expect(refused.message).toContain("no session was created");
  expect((await local.control.counters()).sessionsCreated).toBe(0);

  const created = await sessionProvider.create(await browserSession(ext.id, [id("a"), id("b")]));
  expect(created.outs.sessionId).toBe(created.id);
  expect((await local.control.counters()).sessionsCreated).toBe(1);
});

test("an extension context that does not exist is named, and nothing is created", async () => {
  const refused = await errorOf(sessionProvider.create(await browserSession("SdkCtx-missing", [id("a")])));
  expect(refused.message).toMatch(/^browserContext\.extensionOption\.contextId: context SdkCtx-missing does not exist/);
  expect((await local.control.counters()).sessionsCreated).toBe(0);
});
