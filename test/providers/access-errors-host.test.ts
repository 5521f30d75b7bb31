/**
 * Issue 9 item 2: an access error is never "not found". Through the real provider host, with
 * agb-local answering every AGB call as the service answers a key it does not know (HTTP 403,
 * `InvalidApiKey.NotFound`, "The specified API key is not found"): read of a Session or a Context
 * fails (it does not report "gone", which would drop it from state), delete fails and the session
 * keeps running, and every message tells the user to check `agb:apiKey` without showing the key.
 */
import { useHostAndLocal } from "../support/host-fixture";
import { checkAndCreate, contextNews, createContextAndSession, CONTEXT_URN, SESSION_URN } from "../support/host-news";

const KEY = "akm-access-test-key-2b7e90";
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
  const { ctx, session } = await createContextAndSession(fixture.host);

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
  const ctx = await checkAndCreate(fixture.host, CONTEXT_URN, contextNews("work2"));
  // No 401/403 anywhere: the code alone decides.
  await fixture.local.control.injectFault({ ...KEY_UNKNOWN, httpStatus: 400 });
  const m = await failureOf(() => fixture.host.read(CONTEXT_URN, ctx.id, ctx.properties));
  await fixture.local.control.clearFaults();
  expect(m).toContain("check agb:apiKey");
  await fixture.host.delete(CONTEXT_URN, ctx.id, ctx.properties);
});
