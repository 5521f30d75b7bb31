/**
 * Cross-use with the official Python SDK: a session the provider created is usable through the SDK
 * (get, labels, context sync), and a session the SDK created is adopted with `adoptSessionId`, then
 * destroyed with its data uploaded first. Runs under `npm run test:parity` (needs the SDK venv).
 */
import {
  API_KEY,
  contextInputs,
  contextProvider as ctx,
  sessionInputs,
  sessionProvider as sp,
  useHandlerLocal,
  withProvider,
} from "../support/handler-helpers";
import { runSdk } from "./sdk";

const local = useHandlerLocal({ createSyncMs: 30, uploadSyncMs: 30, releaseMs: 30 });

test("a provider-created session is usable through the SDK: get, labels, context sync", async () => {
  const contextId = (await ctx.create(await contextInputs({ name: "cross-provider" }))).id;
  const inputs = await sessionInputs({
    imageId: "agb-code-space-1",
    labels: { team: "ml" },
    contextSyncs: [{ contextId, path: "/home/project" }],
  });
  const { id, outs } = await sp.create(inputs);
  const used = await runSdk<{
    get: boolean;
    error: string;
    labels: Record<string, string> | null;
    sync: boolean;
    uploads: unknown[] | null;
  }>(local.url, API_KEY, ["use", id]);
  expect(used.get).toBe(true);
  expect(used.labels).toMatchObject({ team: "ml", "pulumi-agb-token": outs.creationToken });
  expect(used.sync).toBe(true);
  expect(used.uploads).toEqual([{ contextId, path: "/home/project", status: "Success" }]);
  // The SDK's use left nothing the provider would call drift.
  const read = await sp.read(id, withProvider(outs, inputs));
  expect(read.id).toBe(id);
  expect(read.inputs?.labels).toEqual({ team: "ml" });
});

test("an SDK-created session is adopted with adoptSessionId and destroyed with its data uploaded", async () => {
  const contextId = (await ctx.create(await contextInputs({ name: "cross-sdk" }))).id;
  const { sessionId } = await runSdk<{ sessionId: string }>(local.url, API_KEY, ["create-synced", contextId, "/home/data"]);
  const inputs = await sessionInputs({
    imageId: "agb-code-space-1",
    adoptSessionId: sessionId,
    labels: { owner: "pulumi" },
    contextSyncs: [{ contextId, path: "/home/data" }],
  });
  const { id, outs } = await sp.create(inputs);
  expect(id).toBe(sessionId);
  expect(outs).toMatchObject({ sessionId, ready: true, labels: { owner: "pulumi" } });
  const before = await local.control.counters();
  await sp.delete(id, withProvider(outs, inputs));
  const after = await local.control.counters();
  expect(after.requests.SyncContext - (before.requests.SyncContext ?? 0)).toBe(1);
  // agb-local counts a release whose autoUpload sync has no finished upload: none here.
  expect(after.releasesWithUnsyncedData).toBe(0);
  expect(after.sessionsReleased - before.sessionsReleased).toBe(1);
  const [remote] = (await local.control.sessions()).filter((s) => s.sessionId === sessionId);
  expect(remote?.status ?? "gone").toMatch(/^(FINISH|gone)$/);
});
