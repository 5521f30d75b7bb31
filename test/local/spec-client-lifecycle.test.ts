/**
 * Issue 2's acceptance test: a client written only from the wire protocol facts (now in
 * docs/agb-protocol.md; raw `fetch`, no code from this package: not the client, not the other test
 * helpers' AGB calls) completes a full session and context lifecycle against the real `agb-local` CLI process.
 */
import { spawnAgbLocal, stopAgbLocal } from "../support/agb-local-process";
import type { AgbLocalProcess } from "../support/agb-local-process";
import { WIRE_DEFAULT_POLICY } from "../support/default-policy";

let proc: AgbLocalProcess | undefined;
afterAll(async () => stopAgbLocal(proc));

const KEY = `akm-spec-${process.pid}`;

interface Envelope {
  success: boolean;
  code?: string;
  message?: string;
  requestId: string;
  httpStatusCode?: number;
  data?: any;
  nextToken?: string;
  count?: number;
}

/** docs/agb-protocol.md §2: bearer key, JSON content type; /sdk/* arguments in the query string. */
async function agb(
  method: "GET" | "POST",
  path: string,
  query: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; json: Envelope }> {
  const url = new URL(path, proc!.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: (await res.json()) as Envelope };
}

/** The success rule of docs/agb-protocol.md §3: HTTP < 400 and success === true; returns data. */
async function ok(method: "GET" | "POST", path: string, query: Record<string, string> = {}, body?: unknown): Promise<any> {
  const { status, json } = await agb(method, path, query, body);
  if (!(status < 400 && json.success === true)) throw new Error(`${path} failed: ${status} ${json.code} ${json.message}`);
  expect(typeof json.requestId).toBe("string");
  return json.data;
}

/** Polls (bounded in count) until `done` returns a value. */
async function poll<T>(what: string, step: () => Promise<T | undefined>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await step();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not reached after ${tries} polls`);
}

/** docs/agb-protocol.md §12: contextStatus is a JSON string of envelopes whose `data` is a JSON string of tasks. */
async function tasks(query: Record<string, string>): Promise<Array<{ contextId: string; path: string; status: string; taskType: string }>> {
  const data = await ok("GET", "/sdk/GetContextInfo", query);
  if (!data.contextStatus) return [];
  const envelopes = JSON.parse(data.contextStatus) as Array<{ type: string; data: string }>;
  return envelopes.filter((e) => e.type === "data").flatMap((e) => JSON.parse(e.data));
}

const terminal = (ts: Array<{ status: string }>) => ts.every((t) => t.status === "Success" || t.status === "Failed");

test("full context and session lifecycle with a client written from docs/agb-protocol.md only", async () => {
  proc = await spawnAgbLocal([]);

  // Context: get-or-create by name (4.2), idempotent.
  const ctx = await ok("GET", "/sdk/GetContext", { name: "spec-ctx", allowCreate: "true" });
  expect(ctx).toMatchObject({ name: "spec-ctx", state: "available" });
  expect((await ok("GET", "/sdk/GetContext", { name: "spec-ctx", allowCreate: "true" })).id).toBe(ctx.id);

  // A file through a pre-signed URL (4.5): plain PUT, no auth header.
  const up = await ok("POST", "/sdk/GetContextFileUploadUrl", { contextId: ctx.id, filePath: "/data/hello.txt" });
  expect(typeof up.url).toBe("string");
  const put = await fetch(up.url, { method: "PUT", body: "hello agb", signal: AbortSignal.timeout(10_000) });
  expect(put.status).toBeLessThan(400);
  const listed = await poll("file listed", async () => {
    const { status, json } = await agb("POST", "/sdk/DescribeContextFiles", {
      contextId: ctx.id,
      parentFolderPath: "/data",
      pageNumber: "1",
      pageSize: "50",
    });
    expect(status).toBe(200);
    return (json.data as any[]).some((f) => f.filePath === "/data/hello.txt") ? json : undefined;
  });
  expect(listed.count).toBeGreaterThanOrEqual(1);
  const down = await ok("POST", "/sdk/GetContextFileDownloadUrl", { contextId: ctx.id, filePath: "/data/hello.txt" });
  expect(await (await fetch(down.url, { signal: AbortSignal.timeout(10_000) })).text()).toBe("hello agb");

  // Session with a persistence entry (3.2): labels and policy as JSON strings.
  const policy = WIRE_DEFAULT_POLICY;
  const stats = JSON.stringify({ source: "sdk", sdk_language: "typescript", sdk_version: "0.10.0", is_release: false });
  const created = await agb(
    "POST",
    "/mcp/createSession",
    { imageId: "agb-code-space-1", sdkStats: stats },
    {
      labels: JSON.stringify({ project: "spec", env: "dev" }),
      timeout: 600,
      persistenceDataList: [{ contextId: ctx.id, path: "/home/project", policy: JSON.stringify(policy) }],
    },
  );
  expect(created.status).toBe(200);
  const sessionId = created.json.data.sessionId as string;
  expect(sessionId).toBeTruthy();

  // Create-time download task, polled until terminal (5.1).
  const downloads = await poll("download tasks terminal", async () => {
    const ts = await tasks({ sessionId });
    return ts.length > 0 && terminal(ts) ? ts : undefined;
  });
  expect(downloads).toEqual([
    expect.objectContaining({ contextId: ctx.id, path: "/home/project", taskType: "download", status: "Success" }),
  ]);

  expect(await ok("POST", "/mcp/getSessionInfo", {}, { sessionId })).toMatchObject({ status: "RUNNING" });
  expect(await ok("POST", "/mcp/getSession", {}, { sessionId })).toMatchObject({ sessionId });

  // Labels (3.8): capital-L `Labels` on SetLabel; GetLabel returns a JSON string.
  await ok("POST", "/sdk/SetLabel", { sessionId, Labels: JSON.stringify({ project: "spec", env: "prod" }) });
  expect(JSON.parse((await ok("GET", "/sdk/GetLabel", { sessionId })).labels)).toEqual({ project: "spec", env: "prod" });

  // ListSession (3.7): subset filter; data array with pagination at top level.
  const hit = await agb("GET", "/sdk/ListSession", { maxResults: "10", labels: JSON.stringify({ env: "prod" }) });
  expect(hit.json.success).toBe(true);
  expect(hit.json.data).toEqual([{ sessionId, sessionStatus: "RUNNING" }]);
  expect(hit.json.count).toBe(1);
  const miss = await agb("GET", "/sdk/ListSession", { maxResults: "10", labels: JSON.stringify({ env: "dev" }) });
  expect(miss.json.data).toEqual([]);

  await ok("POST", "/mcp/refreshSessionIdleTime", { sessionId }, {});

  // Delete with sync (3.5 / 5.5): SyncContext, wait for the upload tasks, then release.
  await ok("POST", "/sdk/SyncContext", { sessionId });
  const uploads = await poll("upload tasks terminal", async () => {
    const ts = (await tasks({ sessionId })).filter((t) => t.taskType === "upload");
    return ts.length > 0 && terminal(ts) ? ts : undefined;
  });
  expect(uploads.every((t) => t.status === "Success")).toBe(true);
  const released = await agb("POST", "/mcp/releaseSessionAsync", {}, { sessionId });
  expect(released.status).toBe(200);
  expect(released.json.success).toBe(true);

  // Poll getSessionInfo until FINISH or not found (the SDK's not-found predicate, 2.4).
  const end = await poll("session released", async () => {
    const { json } = await agb("POST", "/mcp/getSessionInfo", {}, { sessionId });
    if (json.success && json.data?.status === "FINISH") return "FINISH";
    if (!json.success && (json.code === "InvalidMcpSession.NotFound" || /not found/i.test(json.message ?? ""))) return "gone";
    return undefined;
  });
  expect(["FINISH", "gone"]).toContain(end);
  expect((await agb("GET", "/sdk/ListSession", { maxResults: "10", labels: "{}" })).json.data).toEqual([]);
  // After FINISH's visibility window the session is not found (10.3).
  await fetch(new URL("/_local/clock/advance", proc.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ms: 3_600_000 }),
  });
  const gone = await agb("POST", "/mcp/getSessionInfo", {}, { sessionId });
  expect(gone.json).toMatchObject({ success: false, code: "InvalidMcpSession.NotFound" });
  expect(gone.json.message?.toLowerCase()).toContain("not found");

  // Context maintenance (4.3): delete a file, clear (clearing -> available), rename, delete.
  await ok("POST", "/sdk/DeleteContextFile", { contextId: ctx.id, filePath: "/data/hello.txt" });
  await ok("POST", "/sdk/ClearContext", { id: ctx.id });
  await poll("context available again", async () => {
    const c = await ok("GET", "/sdk/GetContext", { id: ctx.id, allowCreate: "false" });
    return c.state === "available" ? c : undefined;
  });
  await ok("POST", "/sdk/ModifyContext", { id: ctx.id, name: "spec-ctx-renamed" });
  expect((await ok("GET", "/sdk/GetContext", { id: ctx.id, allowCreate: "false" })).name).toBe("spec-ctx-renamed");
  const all = await agb("GET", "/sdk/ListContexts", { maxResults: "10" });
  expect(all.json.success).toBe(true);
  expect((all.json.data as any[]).map((c) => c.name)).toEqual(["spec-ctx-renamed"]);
  await ok("POST", "/sdk/DeleteContext", { id: ctx.id });
  const after = await agb("GET", "/sdk/GetContext", { id: ctx.id, allowCreate: "false" });
  expect(after.json.success).toBe(false);
});
