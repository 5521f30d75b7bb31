/**
 * Every AGB operation the handlers call, failed once in each way a network can fail it: a reset
 * before the server acts, a reset after it committed (the answer is lost), and a 500. A whole
 * lifecycle (context create, session create with a sync, read, label update, rename, session delete
 * with upload, context delete) must still succeed and leave exactly nothing behind: no session
 * created twice, no session or context left. This is the deterministic form of the random fault
 * storm in test/reliability: one row per (operation, failure), so a gap cannot hide behind luck.
 */
import {
  contextInputs,
  contextProvider as cp,
  sessionInputs,
  sessionProvider as sp,
  useHandlerLocal,
  withProvider,
} from "../support/handler-helpers";

/** Operation names as agb-local counts them (docs/agb-local.md, Operation names). */
const OPERATIONS = [
  "ListSession",
  "createSession",
  "getSession",
  "getSessionInfo",
  "releaseSessionAsync",
  "SetLabel",
  "GetLabel",
  "GetContext",
  "ModifyContext",
  "DeleteContext",
  "SyncContext",
  "GetContextInfo",
  "DescribeContextFiles",
] as const;
const MODES = ["reset", "commit-then-drop", "error"] as const;

const local = useHandlerLocal({ createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20 });
// A createSession that fails ambiguously and made nothing (reset, 500) is sent again only after the
// provider looked for it for AGB_CREATE_LOOK_AGAIN_MS (default 30 s); shortened here to keep the
// matrix quick. test/session/create-look-again.test.ts covers the look-again itself.
process.env.AGB_CREATE_LOOK_AGAIN_MS = "1500";

async function lifecycle(tag: string): Promise<void> {
  const ctxInputs = await contextInputs({ name: `m-${tag}` });
  const ctx = await cp.create(ctxInputs);
  const inputs = await sessionInputs({
    imageId: "agb-code-space-1",
    labels: { team: "a" },
    contextSyncs: [{ contextId: ctx.id, path: "/home/p" }],
  });
  const created = await sp.create(inputs);
  const state = withProvider(created.outs, inputs);
  const read = await sp.read(created.id, state);
  if (read.id !== created.id) throw new Error(`read lost the session: ${JSON.stringify(read)}`);
  const news = await sessionInputs(
    { imageId: "agb-code-space-1", labels: { team: "b" }, contextSyncs: [{ contextId: ctx.id, path: "/home/p" }] },
    inputs.__agbName as string,
  );
  const updated = await sp.update(created.id, state, news);
  const renamedInputs = await contextInputs({ name: `m-${tag}-renamed` });
  const renamed = await cp.update(ctx.id, withProvider(ctx.outs, ctxInputs), renamedInputs);
  await sp.delete(created.id, withProvider(updated.outs, news));
  await cp.delete(ctx.id, withProvider(renamed.outs, renamedInputs));
}

const rows = OPERATIONS.flatMap((operation) => MODES.map((mode) => [operation, mode] as const));

test.each(rows)("%s failed once by %s: the lifecycle succeeds and leaves nothing behind", async (operation, mode) => {
  await local.control.injectFault({ operation, mode, count: 1 });
  await lifecycle(`${operation}-${mode}`);
  const counters = await local.control.counters();
  const live = (await local.control.sessions()).filter((s) => s.status === "RUNNING" || s.status === "PENDING");
  expect({
    faultFired: counters.faultsInjected,
    sessionsCreated: counters.sessionsCreated,
    liveSessions: live.length,
    contexts: (await local.control.contexts()).length,
  }).toEqual({ faultFired: 1, sessionsCreated: 1, liveSessions: 0, contexts: 0 });
});
