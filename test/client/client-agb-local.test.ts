/** The client against agb-local over real loopback HTTP: every operation, errors, paging, faults, deadlines. */
import {
  AgbAccessDeniedError,
  AgbClient,
  AgbInvalidParameterError,
  AgbNotFoundError,
  AgbThrottledError,
  AgbTimeoutError,
  AgbTransportError,
  waitForContextAvailable,
  waitForSessionGone,
  waitForSessionStatus,
  waitForSyncTasks,
} from "../../dist/client";
import type { AgbClientOptions, SyncPolicyWire } from "../../dist/client";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startAgbLocal } = require("../../dist/local");

interface Local {
  url: string;
  close(): Promise<void>;
  control: {
    reset(): Promise<unknown>;
    injectFault(spec: object): Promise<{ id: string }>;
    clearFaults(): Promise<unknown>;
    setTiming(t: object): Promise<unknown>;
    advanceClock(ms: number): Promise<unknown>;
    counters(): Promise<{ requests: Record<string, number>; sessionsCreated: number; sessionsReleased: number }>;
    sessions(): Promise<Array<{ sessionId: string; labels: Record<string, string> }>>;
  };
}

let local: Local;
let keyCounter = 0;
const wait = { timeoutMs: 10_000 };
const policy: SyncPolicyWire = {
  uploadPolicy: { autoUpload: true, uploadStrategy: "UploadBeforeResourceRelease", uploadMode: "File" },
  recyclePolicy: { lifecycle: "Lifecycle_Forever", paths: [""] },
};

beforeAll(async () => {
  local = await startAgbLocal({ port: 0, quiet: true });
});
afterAll(async () => {
  await local?.close();
});
beforeEach(async () => {
  await local.control.reset();
});

/** A client with a fresh account (each API key is its own account in agb-local). */
function client(extra: Partial<AgbClientOptions> = {}): AgbClient {
  return new AgbClient({
    apiKey: `akm-test-${++keyCounter}`,
    endpoint: local.url,
    requestTimeoutMs: 5000,
    retryDeadlineMs: 15_000,
    ...extra,
  });
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

test("session lifecycle: create, get, status, labels, refresh, list, release, gone", async () => {
  const c = client();
  const created = await c.createSession({ imageId: "agb-code-space-1", labels: { project: "demo", env: "dev" }, timeout: 600 });
  expect(created.sessionId).toMatch(/\S/);
  expect(created.requestId).toMatch(/\S/);
  const details = await c.getSession(created.sessionId);
  expect(details.sessionId).toBe(created.sessionId);
  expect((await waitForSessionStatus(c, created.sessionId, ["RUNNING"], wait)).status).toBe("RUNNING");
  expect(await c.getLabels(created.sessionId)).toEqual({ project: "demo", env: "dev" });

  await c.setLabels(created.sessionId, { project: "demo", owner: "me" });
  expect(await c.getLabels(created.sessionId)).toEqual({ project: "demo", owner: "me" });
  expect((await local.control.sessions()).find((s) => s.sessionId === created.sessionId)?.labels).toEqual({ project: "demo", owner: "me" });

  await c.refreshSessionIdleTime(created.sessionId);
  const other = await c.createSession({ imageId: "agb-code-space-1", labels: { project: "other" } });
  expect((await all(c.listSessions({ labels: { project: "demo" } }))).map((s) => s.sessionId)).toEqual([created.sessionId]);
  expect((await all(c.listSessions())).map((s) => s.sessionId).sort()).toEqual([created.sessionId, other.sessionId].sort());
  expect(await all(c.listSessions({ labels: { project: "nope" } }))).toEqual([]);

  await c.releaseSessionAsync(created.sessionId);
  await waitForSessionGone(c, created.sessionId, wait);
  // A second release is answered NotFound (the caller treats that as "already gone").
  await expect(c.releaseSessionAsync(created.sessionId)).rejects.toThrow(AgbNotFoundError);
  await expect(c.setLabels(created.sessionId, { a: "b" })).rejects.toThrow(AgbNotFoundError);
  expect((await local.control.counters()).sessionsReleased).toBe(1);
});

test("pagination: 25 sessions listed 10 per page", async () => {
  const c = client();
  const ids = new Set<string>();
  for (let i = 0; i < 25; i++) ids.add((await c.createSession({ imageId: "img", labels: { batch: "b" } })).sessionId);
  const listed = await all(c.listSessions({ labels: { batch: "b" }, pageSize: 10 }));
  expect(listed).toHaveLength(25);
  expect(new Set(listed.map((s) => s.sessionId))).toEqual(ids);
  expect(listed.every((s) => s.sessionStatus === "RUNNING")).toBe(true);
  expect((await local.control.counters()).requests.ListSession).toBe(3);
});

test("contexts: get-or-create, list pages, rename, clear, delete", async () => {
  const c = client();
  const a = await c.getContext({ name: "ctx-a", allowCreate: true });
  expect(a).toMatchObject({ name: "ctx-a", state: "available" });
  expect((await c.getContext({ name: "ctx-a", allowCreate: true })).id).toBe(a.id);
  expect((await c.getContext({ id: a.id })).name).toBe("ctx-a");
  for (let i = 0; i < 4; i++) await c.getContext({ name: `ctx-${i}`, allowCreate: true });
  const listed = await all(c.listContexts({ pageSize: 2 }));
  expect(listed.map((x) => x.name).sort()).toEqual(["ctx-0", "ctx-1", "ctx-2", "ctx-3", "ctx-a"]);
  expect((await local.control.counters()).requests.ListContexts).toBe(3);

  await c.modifyContext(a.id, "ctx-renamed");
  expect((await c.getContext({ id: a.id })).name).toBe("ctx-renamed");
  await c.clearContext(a.id);
  expect((await c.getContext({ id: a.id })).state).not.toBe("available");
  expect((await waitForContextAvailable(c, a.id, wait)).state).toBe("available");

  await c.deleteContext(a.id);
  await expect(c.getContext({ id: a.id })).rejects.toThrow(AgbNotFoundError);
  await expect(c.deleteContext(a.id)).rejects.toThrow(AgbNotFoundError);
  await expect(c.getContext({ name: "missing" })).rejects.toThrow(AgbNotFoundError);
});

test("context sync: download task at create, upload tasks on SyncContext, waited until terminal", async () => {
  const c = client();
  const ctx = await c.getContext({ name: "work", allowCreate: true });
  const s = await c.createSession({ imageId: "img", persistenceDataList: [{ contextId: ctx.id, path: "/home/work", policy }] });
  const initial = await c.getContextInfo({ sessionId: s.sessionId });
  expect(initial).toEqual([expect.objectContaining({ contextId: ctx.id, path: "/home/work", taskType: "download" })]);
  const downloads = await waitForSyncTasks(c, { sessionId: s.sessionId, taskType: "download" }, wait);
  expect(downloads.map((t) => t.status)).toEqual(["Success"]);

  await c.syncContext({ sessionId: s.sessionId, contextId: ctx.id, path: "/home/work", mode: "upload" });
  const uploads = await waitForSyncTasks(c, { sessionId: s.sessionId, contextId: ctx.id, path: "/home/work", taskType: "upload" }, wait);
  expect(uploads).toEqual([expect.objectContaining({ taskType: "upload", status: "Success" })]);
  await c.syncContext({ sessionId: s.sessionId });

  await local.control.setTiming({ syncOutcome: "Never" });
  await c.syncContext({ sessionId: s.sessionId });
  const stuck = waitForSyncTasks(c, { sessionId: s.sessionId, taskType: "upload" }, { timeoutMs: 300 });
  await expect(stuck).rejects.toThrow(AgbTimeoutError);
  await expect(stuck).rejects.toThrow(/sync tasks of session .* to finish; last seen: .*Running/);
});

test("context files: upload URL + PUT, list, download, delete", async () => {
  const c = client();
  const ctx = await c.getContext({ name: "files", allowCreate: true });
  const up = await c.getContextFileUploadUrl(ctx.id, "/docs/a.txt");
  const put = await fetch(up.url, { method: "PUT", body: "hello" });
  expect(put.status).toBeLessThan(300);
  const listing = await c.describeContextFiles({ contextId: ctx.id, parentFolderPath: "/docs" });
  expect(listing.count).toBe(1);
  expect(listing.files[0]).toMatchObject({ filePath: "/docs/a.txt", fileName: "a.txt" });
  const down = await c.getContextFileDownloadUrl(ctx.id, "/docs/a.txt");
  expect(await (await fetch(down.url)).text()).toBe("hello");
  await c.deleteContextFile(ctx.id, "/docs/a.txt");
  expect((await c.describeContextFiles({ contextId: ctx.id, parentFolderPath: "/docs" })).count).toBe(0);
  await expect(c.deleteContextFile(ctx.id, "/docs/a.txt")).rejects.toThrow(AgbNotFoundError);
});

describe("error classes", () => {
  test("not found", async () => {
    const e = await client()
      .getSessionInfo("s-does-not-exist")
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbNotFoundError);
    expect(e).toMatchObject({ operation: "getSessionInfo", httpStatus: 400 });
    expect(e.code).toMatch(/NotFound/);
    expect(e.requestId).toMatch(/\S/);
  });
  test("invalid parameter: a strict server refusing a bad policy", async () => {
    const bad = { recyclePolicy: { lifecycle: "Lifecycle_7Days", paths: [""] } } as unknown as SyncPolicyWire;
    const c = client();
    const ctx = await c.getContext({ name: "p", allowCreate: true });
    const e = await c
      .createSession({ imageId: "img", persistenceDataList: [{ contextId: ctx.id, path: "/p", policy: bad }] })
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbInvalidParameterError);
    expect(e.httpStatus).toBe(400);
  });
  test("access denied", async () => {
    await local.control.injectFault({ operation: "GetLabel", httpStatus: 403, code: "AccessDenied", message: "denied", count: 1 });
    await expect(client().getLabels("s-1")).rejects.toThrow(AgbAccessDeniedError);
  });
  test("throttled, once retries are exhausted", async () => {
    await local.control.injectFault({ operation: "GetContext", httpStatus: 429, code: "Throttling", count: 5 });
    const e = await client({ maxAttempts: 2 })
      .getContext({ name: "x", allowCreate: true })
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbThrottledError);
    expect((await local.control.counters()).requests.GetContext).toBe(2);
  });
  test("transport: 5xx and reset", async () => {
    await local.control.injectFault({ operation: "ListContexts", httpStatus: 503, code: "ServiceUnavailable" });
    await expect(all(client({ maxAttempts: 2 }).listContexts())).rejects.toThrow(AgbTransportError);
    await local.control.clearFaults();
    await local.control.injectFault({ operation: "DeleteContext", mode: "reset" });
    const e = await client()
      .deleteContext("SdkCtx-x")
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbTransportError);
    expect(e.requestMayHaveBeenSent).toBe(true);
    expect((await local.control.counters()).requests.DeleteContext).toBe(1); // not idempotent: not replayed
  });
});

describe("retries under injected faults", () => {
  test("429 twice, then success", async () => {
    const c = client();
    const s = await c.createSession({ imageId: "img" });
    await local.control.injectFault({ operation: "getSessionInfo", httpStatus: 429, code: "Throttling", count: 2 });
    expect((await c.getSessionInfo(s.sessionId)).status).toBe("RUNNING");
    expect((await local.control.counters()).requests.getSessionInfo).toBe(3);
  });
  test("5xx and a reset on a read are retried", async () => {
    const c = client();
    const ctx = await c.getContext({ name: "r", allowCreate: true });
    await local.control.injectFault({ operation: "GetContext", httpStatus: 500, count: 1 });
    await local.control.injectFault({ operation: "GetContext", mode: "reset", count: 1 });
    expect((await c.getContext({ id: ctx.id })).name).toBe("r");
    expect((await local.control.counters()).requests.GetContext).toBe(4);
  });
  test("createSession answered 5xx is not retried", async () => {
    await local.control.injectFault({ operation: "createSession", httpStatus: 500, count: 1 });
    const e = await client()
      .createSession({ imageId: "img" })
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbTransportError);
    const counters = await local.control.counters();
    expect(counters.requests.createSession).toBe(1);
    expect(counters.sessionsCreated).toBe(0);
  });
  test("createSession committed then dropped: surfaces requestMayHaveBeenSent, not replayed", async () => {
    await local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: 1 });
    const e = await client()
      .createSession({ imageId: "img", labels: { "agb-idem": "k1" } })
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbTransportError);
    expect(e.requestMayHaveBeenSent).toBe(true);
    const counters = await local.control.counters();
    expect(counters.requests.createSession).toBe(1);
    expect(counters.sessionsCreated).toBe(1); // the session exists: the provider finds it by its label
  });
  test("connection refused is retried even for createSession, then reported as not sent", async () => {
    const lines: string[] = [];
    const e = await new AgbClient({ apiKey: "k", endpoint: "http://127.0.0.1:1", maxAttempts: 3, logger: (l) => lines.push(l) })
      .createSession({ imageId: "i" })
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbTransportError);
    expect(e.requestMayHaveBeenSent).toBe(false);
    expect(lines).toHaveLength(3);
  });
});

describe("deadlines", () => {
  afterEach(async () => {
    await local.control.setTiming({ latencyMs: 0 });
  });
  test("a response slower than requestTimeoutMs is AgbTimeoutError (non-idempotent: one attempt)", async () => {
    const c = client({ requestTimeoutMs: 200 });
    const ctx = await c.getContext({ name: "d", allowCreate: true });
    await local.control.setTiming({ latencyMs: 600 });
    const e = await c.deleteContext(ctx.id).catch((x) => x);
    expect(e).toBeInstanceOf(AgbTimeoutError);
    expect(e).toMatchObject({ operation: "deleteContext", requestMayHaveBeenSent: true });
    expect((await local.control.counters()).requests.DeleteContext).toBe(1);
  });
  test("a read keeps retrying timeouts only until the operation deadline", async () => {
    await local.control.setTiming({ latencyMs: 600 });
    const e = await client({ requestTimeoutMs: 200, retryDeadlineMs: 900, maxAttempts: 50 })
      .getSessionInfo("s-x")
      .catch((x) => x);
    expect(e).toBeInstanceOf(AgbTimeoutError);
    const attempts = (await local.control.counters()).requests.getSessionInfo;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(50);
  });
});
