/**
 * Issue 9 item 6, handlers against agb-local over real HTTP: after an ambiguous createSession the
 * provider looks for the session again, with waits, before it sends another createSession. The
 * real ListSession may list a new session late or leave it out while PENDING; agb-local emulates
 * both (`listLagMs`, `listHidesPending`), and the answer of the first createSession is lost after
 * the session was made (commit-then-drop).
 */
import { sessionInputs, sessionProvider as sp, useHandlerLocal } from "../support/handler-helpers";

const local = useHandlerLocal({ createSyncMs: 30, uploadSyncMs: 30, releaseMs: 30 });
const LOOK_AGAIN_ENV = "AGB_CREATE_LOOK_AGAIN_MS";
const saved = process.env[LOOK_AGAIN_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[LOOK_AGAIN_ENV];
  else process.env[LOOK_AGAIN_ENV] = saved;
});

/** Creates one session with the first createSession answer lost; returns what agb-local saw. */
async function createWithLostAnswer(name: string) {
  await local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: 1 });
  const { id, outs } = await sp.create(await sessionInputs({ imageId: "img" }, name));
  const counters = await local.control.counters();
  const withToken = (await local.control.sessions()).filter((s) => s.labels["pulumi-agb-token"] === outs.creationToken);
  return {
    faultsFired: counters.faultsInjected,
    sessionsCreated: counters.sessionsCreated,
    sessions: withToken.map((s) => s.sessionId),
    adopted: withToken.map((s) => s.sessionId).includes(id),
  };
}

test("listing lag: the late-listed session is adopted, no second createSession", async () => {
  await local.control.setTiming({ listLagMs: 1500 });
  const seen = await createWithLostAnswer("lagged");
  expect(seen).toEqual({ faultsFired: 1, sessionsCreated: 1, sessions: [expect.any(String)], adopted: true });
});

test("PENDING hidden from ListSession: the session is adopted once it is RUNNING, no second createSession", async () => {
  await local.control.setTiming({ listHidesPending: true, createPendingMs: 1500 });
  const seen = await createWithLostAnswer("hidden-pending");
  expect(seen).toEqual({ faultsFired: 1, sessionsCreated: 1, sessions: [expect.any(String)], adopted: true });
});

test("nothing was made (reset before the service acted): createSession is sent again after the look-again time", async () => {
  process.env[LOOK_AGAIN_ENV] = "800";
  await local.control.injectFault({ operation: "createSession", mode: "reset", count: 1 });
  const { id } = await sp.create(await sessionInputs({ imageId: "img" }, "never-made"));
  const counters = await local.control.counters();
  expect({
    createCalls: counters.requests.createSession,
    sessionsCreated: counters.sessionsCreated,
    listed: counters.requests.ListSession > 2,
  }).toEqual({
    createCalls: 2,
    sessionsCreated: 1,
    listed: true,
  });
  expect((await local.control.sessions()).map((s) => s.sessionId)).toEqual([id]);
});

test("the look-again never outlasts the create deadline", async () => {
  process.env[LOOK_AGAIN_ENV] = "600000";
  await local.control.injectFault({ operation: "createSession", mode: "reset" });
  const inputs = await sessionInputs({ imageId: "img", timeouts: { create: 1 } }, "deadline");
  await expect(sp.create(inputs)).rejects.toThrow(/createSession got no definite answer in 1 attempt\(s\)/);
  expect((await local.control.counters()).sessionsCreated).toBe(0);
});
