/**
 * Issue 9 item 2: an access error is never "not found". Through the real provider host, with
 * agb-local answering every AGB call as the service answers a key it does not know (HTTP 403,
 * `InvalidApiKey.NotFound`, "The specified API key is not found"): read of a Session or a Context
 * fails (it does not report "gone", which would drop it from state), delete fails and the session
 * keeps running, and every message tells the user to check `agb:apiKey` without showing the key.
 */
import { SESSION_PROVIDER_TEXT, CONTEXT_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { useHostAndLocal } from "../support/host-fixture";

const KEY = "akm-access-test-key-2b7e90";
const SESSION_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Session::dev";
const CONTEXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::work";
const KEY_UNKNOWN = { operation: "*", httpStatus: 403, code: "InvalidApiKey.NotFound", message: "The specified API key is not found" };

const fixture = useHostAndLocal({ apiKey: KEY });

/** The failure of `call`, which must fail (a resolved call is reported with its value). */
async function failureOf(call: () => Promise<unknown>): Promise<string> {
  let value: unknown;
  try {
    value = await call();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
}

test("a refused key fails read and delete of Sessions and Contexts; nothing is reported gone, nothing released", async () => {
  const cCheck = await fixture.host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, name: "work" });
  const ctx = await fixture.host.create(CONTEXT_URN, cCheck.inputs);
  const sNews = {
    __provider: SESSION_PROVIDER_TEXT,
    __agbProject: "proj",
    __agbStack: "test",
    __agbName: "dev",
    imageId: "agb-code-space-1",
    contextSyncs: [{ contextId: ctx.id, path: "/home/p" }],
  };
  const session = await fixture.host.create(SESSION_URN, (await fixture.host.check(SESSION_URN, {}, sNews)).inputs);

  await fixture.local.control.injectFault(KEY_UNKNOWN);
  const messages = [
    await failureOf(() => fixture.host.read(SESSION_URN, session.id, session.properties)),
    await failureOf(() => fixture.host.read(CONTEXT_URN, ctx.id, ctx.properties)),
    await failureOf(() => fixture.host.delete(SESSION_URN, session.id, session.properties)),
    await failureOf(() => fixture.host.delete(CONTEXT_URN, ctx.id, ctx.properties)),
  ];
  await fixture.local.control.clearFaults();

  for (const m of messages) {
    expect(m).toContain("InvalidApiKey.NotFound");
    expect(m).toContain("check agb:apiKey");
    expect(m).not.toContain(KEY);
  }
  // The session was neither released nor asked to be: it is still running, and so readable.
  expect((await fixture.local.control.sessions()).map((s) => ({ id: s.sessionId, status: s.status }))).toEqual([
    { id: session.id, status: "RUNNING" },
  ]);
  expect((await fixture.local.control.counters()).sessionsReleased).toBe(0);
  expect((await fixture.host.read(SESSION_URN, session.id, session.properties)).id).toBe(session.id);
  expect((await fixture.host.read(CONTEXT_URN, ctx.id, ctx.properties)).id).toBe(ctx.id);

  await fixture.host.delete(SESSION_URN, session.id, session.properties);
  await fixture.host.delete(CONTEXT_URN, ctx.id, ctx.properties);
});

test("an access code on a plain 400 is an access error too, whatever its message says", async () => {
  const cCheck = await fixture.host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, name: "work2" });
  const ctx = await fixture.host.create(CONTEXT_URN, cCheck.inputs);
  // No 401/403 anywhere: the code alone decides.
  await fixture.local.control.injectFault({ ...KEY_UNKNOWN, httpStatus: 400 });
  const m = await failureOf(() => fixture.host.read(CONTEXT_URN, ctx.id, ctx.properties));
  await fixture.local.control.clearFaults();
  expect(m).toContain("check agb:apiKey");
  await fixture.host.delete(CONTEXT_URN, ctx.id, ctx.properties);
});
