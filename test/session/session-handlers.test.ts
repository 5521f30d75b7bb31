/** Session handlers against agb-local over real HTTP: every lifecycle path. */
import { claimCreatedSession } from "../../dist/dynamic/claim";
import {
  API_KEY,
  configureFor,
  contextInputs,
  contextProvider as ctx,
  directClient,
  errorOf,
  sessionInputs,
  sessionProvider as sp,
  useHandlerLocal,
  withProvider,
} from "../support/handler-helpers";

const local = useHandlerLocal({ createSyncMs: 30, uploadSyncMs: 30, releaseMs: 30 });
let contextId: string;

beforeEach(async () => {
  const c = await ctx.create(await contextInputs({ name: "work" }));
  contextId = c.id;
});

const liveWithToken = async (token: string) =>
  (await local.control.sessions()).filter((s) => s.labels["pulumi-agb-token"] === token && s.status !== "FINISH");

test("create sends the exact request, labels it, waits for syncs; read, update labels, delete with sync", async () => {
  const inputs = await sessionInputs({
    imageId: "agb-code-space-1",
    labels: { team: "ml" },
    contextSyncs: [{ contextId, path: "/home/project" }],
  });
  const { id, outs } = await sp.create(inputs);
  expect(outs).toMatchObject({
    sessionId: id,
    status: "RUNNING",
    ready: true,
    endpoint: local.url,
    imageId: "agb-code-space-1",
    labels: { team: "ml" },
  });
  const [remote] = (await local.control.sessions()).filter((s) => s.sessionId === id);
  // Unclaimed until the engine has recorded it: then the program claims it (dynamic/claim.ts).
  expect(remote.labels).toEqual({
    team: "ml",
    "pulumi-agb-token": outs.creationToken,
    "pulumi-agb-claim": "unclaimed",
    "pulumi-agb-project": "proj",
    "pulumi-agb-stack": "test",
    "pulumi-agb-name": inputs.__agbName,
  });
  expect(remote.persistenceDataList).toHaveLength(1);
  expect(remote.persistenceDataList[0]).toMatchObject({ contextId, path: "/home/project" });

  let state = withProvider(outs, inputs);
  const read1 = await sp.read(id, state);
  expect(read1.id).toBe(id);
  expect(read1.inputs?.labels).toEqual({ team: "ml" }); // managed labels never show as drift

  // Out-of-band label change is drift, visible through the returned inputs.
  await directClient(local.url).setLabels(id, { ...remote.labels, team: "ops", extra: "x" });
  const read2 = await sp.read(id, state);
  expect(read2.inputs?.labels).toEqual({ extra: "x", team: "ops" });

  // Label update in place: managed labels survive.
  const news = await sessionInputs(
    { imageId: "agb-code-space-1", labels: { team: "ml", env: "dev" }, contextSyncs: [{ contextId, path: "/home/project" }] },
    inputs.__agbName as string,
  );
  expect(await sp.diff(id, state, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  const upd = await sp.update(id, state, news);
  expect(upd.outs).toMatchObject({ sessionId: id, labels: { env: "dev", team: "ml" }, creationToken: outs.creationToken, ready: true });
  const after = await directClient(local.url).getLabels(id);
  expect(after).toEqual({
    env: "dev",
    team: "ml",
    "pulumi-agb-token": outs.creationToken,
    "pulumi-agb-claim": "claimed",
    "pulumi-agb-project": "proj",
    "pulumi-agb-stack": "test",
    "pulumi-agb-name": inputs.__agbName,
  });
  state = withProvider(upd.outs, news);
  expect((await sp.diff(id, state, news)).changes).toBe(false);

  await sp.delete(id, state);
  const counters = await local.control.counters();
  expect(counters.requests.SyncContext).toBeGreaterThanOrEqual(1);
  expect(counters.releasesWithUnsyncedData).toBe(0);
  expect(counters.sessionsReleased).toBe(1);
  expect((await sp.read(id, state)).id).toBe("");
  await sp.delete(id, state); // already gone: success
});

test("an unchanged refresh reports no change; a label update reads labels once and keeps managed labels", async () => {
  const inputs = await sessionInputs({ imageId: "agb-code-space-1", labels: { team: "ml" } });
  const { id, outs } = await sp.create(inputs);
  const state = withProvider(outs, inputs);
  // What the program does once the engine recorded the create (claim.ts); unclaimed, read would say so.
  await claimCreatedSession(
    directClient(local.url),
    { project: "proj", stack: "test", name: inputs.__agbName as string },
    {
      sessionId: id,
      labels: outs.labels as Record<string, string>,
      creationToken: outs.creationToken as string,
    },
  );
  // getSession rotates the auth code on every call; read keeps the stored one for the same session.
  const first = await sp.read(id, state);
  const second = await sp.read(id, withProvider(first.props ?? {}, inputs));
  expect(first.props).toEqual(outs);
  expect(second.props).toEqual(outs);
  const { __provider: _text, ...checkedInputs } = inputs;
  expect(first.inputs).toEqual(checkedInputs);
  const live = await directClient(local.url).getSession(id);
  expect(live.resourceUrl).not.toBe(outs.resourceUrl); // the rotation is real, so the test can fail

  const before = await local.control.counters();
  const news = await sessionInputs({ imageId: "agb-code-space-1", labels: { team: "ops" } }, inputs.__agbName as string);
  const upd = await sp.update(id, state, news);
  const after = await local.control.counters();
  expect((after.requests.GetLabel ?? 0) - (before.requests.GetLabel ?? 0)).toBe(1);
  expect((after.requests.SetLabel ?? 0) - (before.requests.SetLabel ?? 0)).toBe(1);
  expect(upd.outs).toMatchObject({ labels: { team: "ops" }, creationToken: outs.creationToken });
  expect(await directClient(local.url).getLabels(id)).toEqual({
    team: "ops",
    "pulumi-agb-token": outs.creationToken,
    "pulumi-agb-claim": "claimed",
    "pulumi-agb-project": "proj",
    "pulumi-agb-stack": "test",
    "pulumi-agb-name": inputs.__agbName,
  });

  // Outputs without a creation token: the live managed labels are read first and kept.
  const oldShape = { ...upd.outs, creationToken: undefined, __provider: inputs.__provider };
  const news2 = await sessionInputs({ imageId: "agb-code-space-1", labels: { team: "dev" } }, inputs.__agbName as string);
  const b2 = await local.control.counters();
  await sp.update(id, oldShape, news2);
  const a2 = await local.control.counters();
  expect((a2.requests.GetLabel ?? 0) - (b2.requests.GetLabel ?? 0)).toBe(2);
  expect(await directClient(local.url).getLabels(id)).toEqual({
    team: "dev",
    "pulumi-agb-token": outs.creationToken,
    "pulumi-agb-claim": "claimed",
    "pulumi-agb-project": "proj",
    "pulumi-agb-stack": "test",
    "pulumi-agb-name": inputs.__agbName,
  });
});

test("a failed initial download is a partial failure carrying the id and __provider; update keeps reporting it", async () => {
  await local.control.setTiming({ syncOutcome: "Failed" });
  const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId, path: "/home/p" }] });
  const err = await errorOf(sp.create(inputs));
  expect(typeof err.id).toBe("string");
  expect(err.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/initial download .* failed/)]));
  const props = err.properties as Record<string, unknown>;
  expect(props).toMatchObject({ sessionId: err.id, ready: false, __provider: inputs.__provider, imageId: "img" });
  expect(JSON.stringify(props)).not.toContain("undefined");
  expect((await local.control.sessions()).filter((s) => s.sessionId === err.id)[0].status).toBe("RUNNING");

  // The next up: diff asks for an update, which checks again and still reports the failure.
  expect((await sp.diff(err.id as string, props, inputs)).changes).toBe(true);
  const again = await errorOf(sp.update(err.id as string, props, inputs));
  expect(again.id).toBe(err.id);
  await local.control.setTiming({ syncOutcome: "Success" });
  await sp.delete(err.id as string, { ...props, syncOnDelete: false });
});

test("an expired create deadline is a partial failure", async () => {
  await local.control.setTiming({ syncOutcome: "Never" });
  const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId, path: "/home/p" }], timeouts: { create: 0.3 } });
  const err = await errorOf(sp.create(inputs));
  expect(err.id).toBeTruthy();
  expect(String(err.reasons)).toMatch(/did not|timed out|deadline|Timeout/i);
});

test("ambiguous create (commit, then the connection drops) adopts the session: no duplicate", async () => {
  await local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: 1 });
  const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId, path: "/home/p" }] });
  const { id, outs } = await sp.create(inputs);
  const live = await liveWithToken(outs.creationToken as string);
  expect(live.map((s) => s.sessionId)).toEqual([id]);
  expect((await local.control.counters()).sessionsCreated).toBe(1);
  expect((await local.control.counters()).faultsInjected).toBe(1);
});

test("a session with the token whose create never handed it over (claim creating) is taken back; a handed-over one is only reported", async () => {
  const inputs = await sessionInputs({ imageId: "img" });
  const probe = await sp.create(inputs); // learn the token, then make the sessions the way a cut-short create would leave them
  const token = probe.outs.creationToken as string;
  const cutShort = await directClient(local.url).createSession({
    imageId: "img",
    labels: { "pulumi-agb-token": token, "pulumi-agb-claim": "creating" },
  });
  const handed = await directClient(local.url).createSession({
    imageId: "img",
    labels: { "pulumi-agb-token": token, "pulumi-agb-claim": "unclaimed" },
  });
  await sp.delete(probe.id, withProvider(probe.outs, inputs));
  const taken = await sp.create(inputs);
  expect({ id: taken.id, suspects: taken.outs.__agbSuspects }).toEqual({ id: cutShort.sessionId, suspects: handed.sessionId });
  // A second create of the same token takes nothing: the handed-over one is reported again.
  const fresh = await sp.create(inputs);
  expect(fresh.id).not.toBe(handed.sessionId);
  expect(fresh.id).not.toBe(cutShort.sessionId);
  expect(fresh.outs.__agbSuspects).toBe(handed.sessionId); // the one taken back is this process's own now
});

test("a replacement with unchanged replacement inputs (--replace, replaceOnChanges) never adopts the session in state", async () => {
  const inputs = await sessionInputs({ imageId: "img", labels: { team: "ml" } });
  const old = await sp.create(inputs);
  // The engine diffs the old resource, then (create-before-delete) creates the new one while the old
  // is live, then deletes the old.
  await sp.diff(old.id, withProvider(old.outs, inputs), inputs);
  const fresh = await sp.create(inputs);
  expect(fresh.id).not.toBe(old.id);
  expect(fresh.outs.creationToken).toBe(old.outs.creationToken);
  await sp.delete(old.id, withProvider(old.outs, inputs));
  expect((await sp.read(fresh.id, withProvider(fresh.outs, inputs))).id).toBe(fresh.id);
});

test("a replacement (new image) gets a new token and a new session", async () => {
  const a = await sp.create(await sessionInputs({ imageId: "img-a" }, "same-name"));
  const b = await sp.create(await sessionInputs({ imageId: "img-b" }, "same-name"));
  expect(b.id).not.toBe(a.id);
  expect(b.outs.creationToken).not.toBe(a.outs.creationToken);
});

test("delete refuses to release when the upload fails, then succeeds once it works", async () => {
  const inputs = await sessionInputs({ imageId: "img", contextSyncs: [{ contextId, path: "/home/p" }] });
  const { id, outs } = await sp.create(inputs);
  const state = withProvider(outs, inputs);
  await local.control.setTiming({ syncOutcome: "Failed" });
  const err = await errorOf(sp.delete(id, state));
  expect(err.message).toMatch(/would lose that data/);
  expect(err.message).toContain("/home/p");
  const remote = (await local.control.sessions()).find((s) => s.sessionId === id);
  expect(remote?.status).toBe("RUNNING");
  expect((await local.control.counters()).sessionsReleased).toBe(0);
  await local.control.setTiming({ syncOutcome: "Success" });
  await sp.delete(id, state);
  expect((await local.control.counters()).releasesWithUnsyncedData).toBe(0);
});

test("syncOnDelete false releases without uploading", async () => {
  const inputs = await sessionInputs({ imageId: "img", syncOnDelete: false, contextSyncs: [{ contextId, path: "/home/p" }] });
  const { id, outs } = await sp.create(inputs);
  await sp.delete(id, withProvider(outs, inputs));
  expect((await local.control.counters()).requests.SyncContext ?? 0).toBe(0);
});

test("backend mismatch: read, update and delete refuse and name both endpoints", async () => {
  const inputs = await sessionInputs({ imageId: "img" });
  const { id, outs } = await sp.create(inputs);
  const state = withProvider({ ...outs, endpoint: "https://sdk-api.agb.cloud" }, inputs);
  for (const p of [sp.read(id, state), sp.update(id, state, inputs), sp.delete(id, state)]) {
    const err = await errorOf(p);
    expect(err.message).toContain("https://sdk-api.agb.cloud");
    expect(err.message).toContain(local.url);
  }
  expect((await local.control.sessions()).find((s) => s.sessionId === id)?.status).toBe("RUNNING");
});

test("adoptSessionId adopts a live session and applies labels; an out-of-band release reads as gone", async () => {
  const api = directClient(local.url);
  const created = await api.createSession({ imageId: "img", labels: { old: "1" } });
  const inputs = await sessionInputs({ imageId: "img", adoptSessionId: created.sessionId, labels: { team: "ml" } });
  const { id, outs } = await sp.create(inputs);
  expect(id).toBe(created.sessionId);
  expect((await api.getLabels(id)).team).toBe("ml");
  expect((await local.control.counters()).sessionsCreated).toBe(1);
  await api.releaseSessionAsync(id);
  expect((await sp.read(id, withProvider(outs, inputs))).id).toBe("");
  const missing = await errorOf(sp.create(await sessionInputs({ imageId: "img", adoptSessionId: "s-nope" })));
  expect(missing.message).toMatch(/does not exist/);
});

test("no API key: a clear error saying how to set one; the key never appears in errors", async () => {
  const saved = process.env.AGB_API_KEY;
  delete process.env.AGB_API_KEY;
  await sp.configure({ config: { get: (k: string) => (k === "agb:endpoint" ? local.url : undefined) } });
  const err = await errorOf(sp.create(await sessionInputs({ imageId: "img" })));
  expect(err.message).toMatch(/pulumi config set --secret agb:apiKey/);
  expect(err.message).toMatch(/agb-local/);
  if (saved !== undefined) process.env.AGB_API_KEY = saved;

  await configureFor(local.url);
  await local.control.injectFault({ operation: "*", mode: "error", httpStatus: 403, code: "AccessDenied", message: "denied" });
  const denied = await errorOf(sp.create(await sessionInputs({ imageId: "img" })));
  expect(JSON.stringify({ m: denied.message, s: denied.stack, ...denied })).not.toContain(API_KEY);
  await local.control.clearFaults();
});
