/**
 * The client against a scripted raw HTTP server on loopback: exact wire format (query vs. body,
 * JSON-string fields, capital-L Labels, bearer header) and tolerant parsing of real-cloud shapes.
 */
import * as http from "node:http";
import * as util from "node:util";
import type { AddressInfo } from "node:net";
import {
  AgbClient,
  AgbError,
  AgbNotFoundError,
  AgbThrottledError,
  AgbTimeoutError,
  AgbTransportError,
  getConcurrencyStats,
} from "../../dist/client";

const KEY = "akm-WIRE-SECRET-0c1d2e";

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = { status?: number; headers?: Record<string, string>; body: unknown } | "hang";
type Replier = (req: Seen) => Reply | Promise<Reply>;

let server: http.Server;
let endpoint: string;
let seen: Seen[] = [];
let replies: Replier[] = [];
const ok = (data?: unknown, extra: object = {}): Reply => ({
  body: { success: true, code: "ok", message: "", requestId: "rid-1", httpStatusCode: 200, data, ...extra },
});

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://x");
      const s: Seen = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body };
      seen.push(s);
      const reply = await (replies.shift() ?? (() => ok()))(s);
      if (reply === "hang") return; // never answers; the client's timeout must fire
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
  replies = [];
});

function client(extra: object = {}) {
  return new AgbClient({ apiKey: KEY, endpoint, requestTimeoutMs: 5000, retryDeadlineMs: 10_000, ...extra });
}

test("createSession: imageId and sdkStats in the query; labels and policy as JSON strings in the body", async () => {
  replies.push(() => ok({ sessionId: "s-1", resourceUrl: "https://r", success: true, errMsg: null, toolList: "[]" }));
  const policy = {
    uploadPolicy: { autoUpload: true, uploadStrategy: "UploadBeforeResourceRelease" as const, uploadMode: "File" as const },
  };
  const created = await client().createSession({
    imageId: "agb-code-space-1",
    labels: { project: "demo" },
    persistenceDataList: [{ contextId: "SdkCtx-1", path: "/home/project", policy }],
    policyId: "pol-1",
    timeout: 300,
  });
  expect(created).toMatchObject({ sessionId: "s-1", resourceUrl: "https://r", requestId: "rid-1" });
  const req = seen[0];
  expect(req.method).toBe("POST");
  expect(req.path).toBe("/mcp/createSession");
  expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
  expect(req.headers["content-type"]).toBe("application/json");
  expect(req.query.get("imageId")).toBe("agb-code-space-1");
  expect(JSON.parse(req.query.get("sdkStats") ?? "")).toMatchObject({ sdk_language: "typescript" });
  const body = JSON.parse(req.body);
  expect(body).toEqual({
    labels: JSON.stringify({ project: "demo" }),
    persistenceDataList: [{ contextId: "SdkCtx-1", path: "/home/project", policy: JSON.stringify(policy) }],
    mcpPolicyId: "pol-1",
    timeout: 300,
  });
});

test("createSession failure shapes: data.success=false and missing sessionId", async () => {
  replies.push(() => ({
    body: { success: false, code: "QuotaExceeded", message: "m", data: { success: false, errMsg: "quota reached" } },
  }));
  await expect(client().createSession({ imageId: "i" })).rejects.toThrow(/quota reached/);
  replies.push(() => ok({ resourceUrl: "x" }));
  await expect(client().createSession({ imageId: "i" })).rejects.toThrow(AgbTransportError);
  await expect(client().createSession({ imageId: " " })).rejects.toThrow(/imageId/);
  expect(seen).toHaveLength(2); // the blank imageId never left the process
});

test("session calls: /mcp bodies; refresh has sessionId in the query and {} as body", async () => {
  replies.push(() => ok({ sessionId: "s-1", status: "RUNNING", resourceUrl: "u" }));
  replies.push(() => ok({ Status: "FINISH" }));
  replies.push(() => ({ body: { body: { Success: true, Code: "ok", RequestId: "pascal-1" } } }));
  replies.push(() => ({ body: { Success: true, Data: {} } }));
  const c = client();
  expect(await c.getSession("s-1")).toMatchObject({ sessionId: "s-1", status: "RUNNING" });
  expect(await c.getSessionInfo("s-1")).toEqual({ sessionId: "s-1", status: "FINISH" });
  await c.releaseSessionAsync("s-1");
  await c.refreshSessionIdleTime("s-1");
  expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
    "POST /mcp/getSession",
    "POST /mcp/getSessionInfo",
    "POST /mcp/releaseSessionAsync",
    "POST /mcp/refreshSessionIdleTime",
  ]);
  expect(JSON.parse(seen[0].body)).toEqual({ sessionId: "s-1" });
  expect(JSON.parse(seen[2].body)).toEqual({ sessionId: "s-1" });
  expect(seen[3].query.get("sessionId")).toBe("s-1");
  expect(JSON.parse(seen[3].body)).toEqual({});
});

test("PascalCase release failure under `body` is an error", async () => {
  replies.push(() => ({
    body: { body: { Success: false, Code: "InvalidMcpSession.NotFound", Message: "Session not found", HttpStatusCode: 400 } },
  }));
  await expect(client().releaseSessionAsync("s-x")).rejects.toThrow(AgbNotFoundError);
});

test("labels: SetLabel uses capital-L Labels in the query; GetLabel decodes the JSON string", async () => {
  replies.push(() => ok());
  replies.push(() => ok({ labels: JSON.stringify({ a: "1", b: "two" }), count: 2 }));
  replies.push(() => ok({ labels: "" }));
  const c = client();
  await c.setLabels("s-1", { a: "1", b: "two" });
  expect(seen[0]).toMatchObject({ method: "POST", path: "/sdk/SetLabel", body: "" });
  expect(seen[0].query.get("Labels")).toBe(JSON.stringify({ a: "1", b: "two" }));
  expect(seen[0].query.has("labels")).toBe(false);
  expect(await c.getLabels("s-1")).toEqual({ a: "1", b: "two" });
  expect(seen[1]).toMatchObject({ method: "GET", path: "/sdk/GetLabel" });
  expect(await c.getLabels("s-1")).toEqual({});
});

test("ListSession: labels JSON `{}` when unfiltered, maxResults stringified, follows top-level nextToken", async () => {
  replies.push(() => ok([{ sessionId: "s-1", sessionStatus: "RUNNING" }], { nextToken: "t2", maxResults: 1, count: 2 }));
  replies.push(() => ok([{ sessionId: "s-2", sessionStatus: "RUNNING" }], { nextToken: "", count: 2 }));
  const ids: string[] = [];
  for await (const s of client().listSessions({ pageSize: 1 })) ids.push(s.sessionId);
  expect(ids).toEqual(["s-1", "s-2"]);
  expect(seen[0].query.get("labels")).toBe("{}");
  expect(seen[0].query.get("maxResults")).toBe("1");
  expect(seen[0].query.has("nextToken")).toBe(false);
  expect(seen[1].query.get("nextToken")).toBe("t2");
});

test("a server repeating nextToken does not loop forever", async () => {
  replies.push(() => ok([], { nextToken: "same" }));
  replies.push(() => ok([], { nextToken: "same" }));
  const iterate = async () => {
    for await (const _ of client({ maxAttempts: 1 }).listSessions()) void _;
  };
  await expect(iterate()).rejects.toThrow(/nextToken repeats/);
});

test("contexts: every argument in the query, allowCreate always sent", async () => {
  const ctx = { id: "SdkCtx-1", name: "n", state: "available", createTime: "2026-01-01" };
  replies.push(
    () => ok(ctx),
    () => ok(ctx),
  );
  const c = client();
  expect(await c.getContext({ name: "n", allowCreate: true })).toMatchObject({ id: "SdkCtx-1", state: "available" });
  expect(await c.getContext({ id: "SdkCtx-1" })).toMatchObject({ name: "n" });
  expect(Object.fromEntries(seen[0].query)).toEqual({ name: "n", allowCreate: "true" });
  expect(Object.fromEntries(seen[1].query)).toEqual({ id: "SdkCtx-1", allowCreate: "false" });
  await expect(c.getContext({ id: "x", allowCreate: true })).rejects.toThrow(/allowCreate/);
  await expect(c.getContext({})).rejects.toThrow(/id or name/);

  await c.modifyContext("SdkCtx-1", "m");
  await c.deleteContext("SdkCtx-1");
  await c.clearContext("SdkCtx-1");
  await c.syncContext({ sessionId: "s-1", contextId: "SdkCtx-1", path: "/p", mode: "upload" });
  await c.deleteContextFile("SdkCtx-1", "/a.txt");
  expect(seen.slice(2).map((s) => [s.method, s.path, Object.fromEntries(s.query), s.body])).toEqual([
    ["POST", "/sdk/ModifyContext", { id: "SdkCtx-1", name: "m" }, ""],
    ["POST", "/sdk/DeleteContext", { id: "SdkCtx-1" }, ""],
    ["POST", "/sdk/ClearContext", { id: "SdkCtx-1" }, ""],
    ["POST", "/sdk/SyncContext", { sessionId: "s-1", contextId: "SdkCtx-1", path: "/p", mode: "upload" }, ""],
    ["POST", "/sdk/DeleteContextFile", { contextId: "SdkCtx-1", filePath: "/a.txt" }, ""],
  ]);
  await expect(c.syncContext({ sessionId: "s-1", contextId: "SdkCtx-1" })).rejects.toThrow(/together/);
});

test("ListContexts: pagination at top level or inside an object data", async () => {
  replies.push(() => ok([{ id: "c1", name: "a" }], { nextToken: "p2" }));
  replies.push(() => ok({ contexts: [{ id: "c2", name: "b" }], nextToken: "p3" }));
  replies.push(() => ok([{ id: "c3", name: "c" }]));
  const names: string[] = [];
  for await (const c of client().listContexts({ pageSize: 1 })) names.push(c.name);
  expect(names).toEqual(["a", "b", "c"]);
  expect(seen.map((s) => s.query.get("nextToken"))).toEqual([null, "p2", "p3"]);
  expect(seen[0].query.get("maxResults")).toBe("1");
});

test("GetContextInfo decodes the double-encoded contextStatus", async () => {
  const tasks = [{ contextId: "c1", path: "/p", status: "Success", taskType: "download", startTime: 1, finishTime: 2, errorMessage: "" }];
  const status = JSON.stringify([
    { type: "data", data: JSON.stringify(tasks) },
    { type: "other", data: "ignored" },
  ]);
  replies.push(
    () => ok({ contextStatus: status }),
    () => ok({ contextStatus: "" }),
    () => ok({ contextStatus: "[]" }),
    () => ok({ contextStatus: "{oops" }),
  );
  const c = client({ maxAttempts: 1 });
  expect(await c.getContextInfo({ sessionId: "s-1", contextId: "c1", path: "/p", taskType: "download" })).toEqual([
    { contextId: "c1", path: "/p", status: "Success", taskType: "download", startTime: 1, finishTime: 2, errorMessage: "" },
  ]);
  expect(Object.fromEntries(seen[0].query)).toEqual({ sessionId: "s-1", contextId: "c1", path: "/p", taskType: "download" });
  expect(await c.getContextInfo({ sessionId: "s-1" })).toEqual([]);
  expect(await c.getContextInfo({ sessionId: "s-1" })).toEqual([]);
  await expect(c.getContextInfo({ sessionId: "s-1" })).rejects.toThrow(/contextStatus is not valid JSON/);
});

test("files: DescribeContextFiles query and top-level count; URL calls", async () => {
  const file = { fileId: "f1", fileName: "a.txt", filePath: "/a.txt", size: 3, gmtCreate: "t" };
  replies.push(
    () => ok([file], { count: 7 }),
    () => ok({ url: "http://u/put", expireTime: 123 }),
    () => ok({ url: "http://u/get" }),
  );
  const c = client();
  expect(await c.describeContextFiles({ contextId: "c1" })).toEqual({
    files: [
      {
        fileId: "f1",
        fileName: "a.txt",
        filePath: "/a.txt",
        size: 3,
        gmtCreate: "t",
        fileType: undefined,
        gmtModified: undefined,
        status: undefined,
      },
    ],
    count: 7,
  });
  expect(Object.fromEntries(seen[0].query)).toEqual({ contextId: "c1", parentFolderPath: "", pageNumber: "1", pageSize: "50" });
  expect(await c.getContextFileUploadUrl("c1", "/a.txt")).toEqual({ url: "http://u/put", expireTime: 123 });
  expect(await c.getContextFileDownloadUrl("c1", "/a.txt")).toEqual({ url: "http://u/get", expireTime: undefined });
  expect(seen.slice(1).map((s) => `${s.method} ${s.path}`)).toEqual([
    "POST /sdk/GetContextFileUploadUrl",
    "POST /sdk/GetContextFileDownloadUrl",
  ]);
});

test("requestId falls back to the x-request-id header", async () => {
  replies.push(() => ({
    status: 400,
    headers: { "x-request-id": "hdr-7" },
    body: { success: false, code: "InvalidMcpSession.NotFound", message: "Session not found" },
  }));
  const error = await client()
    .getSession("s-9")
    .catch((e) => e);
  expect(error).toBeInstanceOf(AgbNotFoundError);
  expect(error).toMatchObject({ requestId: "hdr-7", httpStatus: 400, operation: "getSession", code: "InvalidMcpSession.NotFound" });
});

test("non-JSON 502 is a transport error retried for reads; 429 honours Retry-After", async () => {
  replies.push(() => ({ status: 502, body: "<html>bad gateway</html>" }));
  replies.push(() => ({ status: 429, headers: { "retry-after": "0" }, body: { success: false, code: "Throttling", message: "slow" } }));
  replies.push(() => ok({ status: "RUNNING" }));
  const lines: string[] = [];
  expect(await client({ logger: (l: string) => lines.push(l) }).getSessionInfo("s-1")).toMatchObject({ status: "RUNNING" });
  expect(seen).toHaveLength(3);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/getSessionInfo attempt=1 status=502 .*AgbTransportError/);
  expect(lines[1]).toMatch(/attempt=2 status=429 .*AgbThrottledError/);
  expect(lines[2]).toMatch(/attempt=3 status=200 requestId=rid-1 ms=\d+ ok/);
  for (const l of lines) expect(l).not.toContain(KEY);
});

test("throttling on createSession is retried (an explicit refusal), a 5xx is not", async () => {
  replies.push(() => ({ status: 429, body: { success: false, code: "Throttling.Api" } }));
  replies.push(() => ok({ sessionId: "s-2" }));
  expect((await client().createSession({ imageId: "i" })).sessionId).toBe("s-2");
  replies.push(() => ({ status: 503, body: { success: false, code: "ServiceUnavailable" } }));
  const error = await client()
    .createSession({ imageId: "i" })
    .catch((e) => e);
  expect(error).toBeInstanceOf(AgbTransportError);
  expect(error.requestMayHaveBeenSent).toBe(true);
  expect(seen).toHaveLength(3);
});

test("throttled errors expose retryAfterMs when retries run out", async () => {
  replies.push(() => ({ status: 429, headers: { "retry-after": "1" }, body: { success: false, code: "Throttling" } }));
  const error = await client({ maxAttempts: 1 })
    .getSession("s")
    .catch((e) => e);
  expect(error).toBeInstanceOf(AgbThrottledError);
  expect(error.retryAfterMs).toBe(1000);
});

test("a hanging server yields AgbTimeoutError for a non-idempotent call (not retried)", async () => {
  replies.push(() => "hang");
  const error = await client({ requestTimeoutMs: 200 })
    .deleteContext("c1")
    .catch((e) => e);
  expect(error).toBeInstanceOf(AgbTimeoutError);
  expect(error).toMatchObject({ operation: "deleteContext", requestMayHaveBeenSent: true, httpStatus: 0 });
  expect(seen).toHaveLength(1);
});

test("the API key never shows in errors, their causes, dumps or JSON", async () => {
  replies.push(() => ({ status: 403, body: { success: false, code: "AccessDenied", message: `key ${KEY} denied`, requestId: KEY } }));
  const denied = await client()
    .getSession("s")
    .catch((e) => e);
  const refused = await new AgbClient({ apiKey: KEY, endpoint: "http://127.0.0.1:1", maxAttempts: 1 }).getSession("s").catch((e) => e);
  replies.push(() => "hang");
  const timedOut = await client({ requestTimeoutMs: 100, maxAttempts: 1 })
    .getSession("s")
    .catch((e) => e);
  for (const e of [denied, refused, timedOut]) {
    expect(e).toBeInstanceOf(AgbError);
    const dumps = [
      e.message,
      e.stack,
      String(e),
      String(e.cause),
      JSON.stringify(e),
      util.inspect(e, { showHidden: true, depth: 50 }),
      util.inspect(e.cause, { showHidden: true, depth: 50 }),
    ];
    for (const d of dumps) expect(d).not.toContain(KEY);
  }
  expect(refused).toBeInstanceOf(AgbTransportError);
  expect(refused.requestMayHaveBeenSent).toBe(false);
  expect(util.inspect(client(), { showHidden: true, depth: 50 })).not.toContain(KEY);
  expect(JSON.stringify(client())).not.toContain(KEY);
});

test("all calls share one process-wide concurrency limit: the budget of 16 less the program's share of 2", async () => {
  const c = client();
  const before = getConcurrencyStats();
  expect(before.limit).toBe(14);
  // Answers are held until 14 requests are open (or 3 s passed, so a broken limiter cannot hang
  // the test): with 24 callers the limiter must then be saturated, never exceeded.
  const total = 24;
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const fallback = setTimeout(() => open(), 3000);
  for (let i = 0; i < total; i++) {
    replies.push(async () => {
      if (++arrived >= 14) open();
      await gate;
      return ok({ status: "RUNNING" });
    });
  }
  await Promise.all(Array.from({ length: total }, (_, i) => c.getSessionInfo(`s-${i}`)));
  clearTimeout(fallback);
  const stats = getConcurrencyStats();
  expect(stats.maxInFlightObserved).toBe(14);
  expect(stats.inFlight).toBe(0);
  expect(stats.acquired - before.acquired).toBe(total);
});
