/** Session endpoints over real HTTP: envelope, happy paths, lifecycles under clock control, paging. */
import { api, call, newKey, useSharedLocal } from "./helpers";

const local = useSharedLocal();

describe("envelope", () => {
  test("success: HTTP 200, full envelope, fresh requestId also in x-request-id", async () => {
    const a = api(local.url, newKey());
    const r1 = await a.post("/mcp/createSession", { imageId: "agb-code-space-1" }, {});
    const r2 = await a.post("/mcp/getSession", undefined, { sessionId: r1.body.data.sessionId });
    for (const r of [r1, r2]) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ success: true, code: "ok", message: "", httpStatusCode: 200 });
      expect(typeof r.body.requestId).toBe("string");
      expect(r.headers.get("x-request-id")).toBe(r.body.requestId);
    }
    expect(r1.body.requestId).not.toBe(r2.body.requestId);
  });

  test("errors carry the same envelope with success:false and the HTTP status", async () => {
    const r = await api(local.url, newKey()).post("/mcp/getSession", undefined, { sessionId: "s-nope" });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ success: false, code: "InvalidMcpSession.NotFound", httpStatusCode: 400, data: null });
    expect(r.body.message).toMatch(/not found/);
    expect(r.headers.get("x-request-id")).toBe(r.body.requestId);
  });
});

describe("session happy paths", () => {
  test("create, get, info, labels, refresh, release", async () => {
    const a = api(local.url, newKey());
    const created = await a.post(
      "/mcp/createSession",
      { imageId: "agb-code-space-1", sdkStats: JSON.stringify({ source: "sdk" }) },
      {
        labels: JSON.stringify({ project: "demo" }),
        timeout: 120,
        mcpPolicyId: "policy-1",
      },
    );
    expect(created.status).toBe(200);
    const d = created.body.data;
    expect(d).toMatchObject({ success: true, errMsg: null });
    expect(d.sessionId).toMatch(/^s-/);
    expect(d.resourceUrl).toContain("resourceId=");
    expect(JSON.parse(d.toolList)).toEqual(expect.any(Array));

    const got = await a.post("/mcp/getSession", undefined, { sessionId: d.sessionId });
    expect(got.body.data).toMatchObject({ sessionId: d.sessionId, status: "RUNNING", resourceId: d.resourceId });
    const again = await a.post("/mcp/getSession", undefined, { sessionId: d.sessionId });
    expect(again.body.data.resourceUrl).not.toBe(got.body.data.resourceUrl); // rotating auth code
    expect(await a.status(d.sessionId)).toBe("RUNNING");

    const labels = await a.get("/sdk/GetLabel", { sessionId: d.sessionId });
    expect(JSON.parse(labels.body.data.labels)).toEqual({ project: "demo" });
    // Python-style spacing must parse; SetLabel replaces the whole set.
    const set = await a.post("/sdk/SetLabel", { sessionId: d.sessionId, Labels: '{"env": "dev", "team": "a b"}' });
    expect(set.status).toBe(200);
    const after = await a.get("/sdk/GetLabel", { sessionId: d.sessionId });
    expect(JSON.parse(after.body.data.labels)).toEqual({ env: "dev", team: "a b" });

    const refreshed = await a.post("/mcp/refreshSessionIdleTime", { sessionId: d.sessionId }, {});
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.success).toBe(true);

    const released = await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: d.sessionId });
    expect(released.status).toBe(200);
    expect(await a.status(d.sessionId)).toBe("DELETING");
    const counters = await local.control.counters();
    expect(counters).toMatchObject({ sessionsCreated: 1, sessionsReleased: 1 });
    expect(counters.requests.getSession).toBe(2);
  });

  test("POST with an empty body, a {} body and form-encoded + spaces in the query", async () => {
    const key = newKey();
    const a = api(local.url, key);
    const empty = await call(local.url, key, "POST", "/mcp/createSession", { query: { imageId: "img" }, rawBody: "" });
    expect(empty.status).toBe(200);
    const ctx = await call(local.url, key, "POST", "/sdk/GetContext", { query: { name: "a b", allowCreate: "true" }, rawBody: "{}" });
    expect(ctx.body.data.name).toBe("a b");
    const raw = await fetch(`${local.url}/sdk/GetContext?name=a+b&allowCreate=false`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await raw.json()) as { data: { id: string } }).data.id).toBe(ctx.body.data.id);
    expect((await a.get("/sdk/ListSession")).body.count).toBe(1);
  });

  test("another key cannot see the first key's sessions", async () => {
    const a = api(local.url, newKey());
    const b = api(local.url, newKey());
    const id = await a.createSession();
    const r = await b.post("/mcp/getSession", undefined, { sessionId: id });
    expect(r.body.code).toBe("InvalidMcpSession.NotFound");
    expect((await b.get("/sdk/ListSession", { labels: "{}" })).body.count).toBe(0);
    expect((await b.post("/mcp/releaseSessionAsync", undefined, { sessionId: id })).status).toBe(400);
    expect(await a.status(id)).toBe("RUNNING");
  });
});

describe("getMcpResource (Session.info)", () => {
  test("answers sessionId and resourceUrl for a live session; unknown is not found", async () => {
    const a = api(local.url, newKey());
    const id = await a.createSession();
    const r = await a.post("/mcp/getMcpResource", undefined, { sessionId: id });
    expect(r.status).toBe(200);
    expect(r.body.data.sessionId).toBe(id);
    expect(r.body.data.resourceUrl).toContain("resourceId=");
    const unknown = await a.post("/mcp/getMcpResource", undefined, { sessionId: "s-nope" });
    expect([unknown.status, unknown.body.code]).toEqual([400, "InvalidMcpSession.NotFound"]);
  });
});

describe("lifecycle under clock control", () => {
  test("DELETING -> FINISH -> not found; release of a released session is not found", async () => {
    await local.control.setTiming({ releaseMs: 1000, finishVisibleMs: 5000 });
    const a = api(local.url, newKey());
    const id = await a.createSession();
    await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: id });
    expect(await a.status(id)).toBe("DELETING");
    expect((await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: id })).body.code).toBe("InvalidMcpSession.NotFound");
    expect((await a.post("/sdk/SetLabel", { sessionId: id, Labels: '{"a":"b"}' })).body.code).toBe("InvalidMcpSession.NotFound");
    await local.control.advanceClock(1000);
    expect(await a.status(id)).toBe("FINISH");
    // Only the status call still sees a released session; every other per-session call is not found
    // (the SDK's integration test "get deleted session returns success false and session null").
    for (const [path, query, body] of [
      ["/mcp/getSession", undefined, { sessionId: id }],
      ["/mcp/getMcpResource", undefined, { sessionId: id }],
      ["/mcp/refreshSessionIdleTime", { sessionId: id }, {}],
      ["/sdk/GetLabel", { sessionId: id }, undefined],
      ["/sdk/SyncContext", { sessionId: id }, undefined],
      ["/sdk/GetContextInfo", { sessionId: id }, undefined],
    ] as const) {
      const r = await a.post(path, query, body);
      expect([path, r.status, r.body.code]).toEqual([path, 400, "InvalidMcpSession.NotFound"]);
      expect(r.body.message).toMatch(/not found/);
    }
    expect((await a.get("/sdk/ListSession")).body.count).toBe(0);
    expect((await a.get("/sdk/ListSession", { isAll: "true" })).body.data).toEqual([{ sessionId: id, sessionStatus: "FINISH" }]);
    await local.control.advanceClock(5000);
    expect(await a.status(id)).toBe("400:InvalidMcpSession.NotFound");
    expect((await local.control.sessions()).length).toBe(0);
  });

  test("idle timeout releases; refresh and SetLabel reset it, getSessionInfo does not", async () => {
    await local.control.setTiming({ releaseMs: 0 });
    const a = api(local.url, newKey());
    const id = await a.createSession({ timeout: 60 });
    const other = await a.createSession({}); // default 300 s
    await local.control.advanceClock(50_000);
    expect(await a.status(id)).toBe("RUNNING"); // polling does not keep it alive
    await a.post("/mcp/refreshSessionIdleTime", { sessionId: id }, {});
    await local.control.advanceClock(50_000);
    expect(await a.status(id)).toBe("RUNNING");
    await a.post("/sdk/SetLabel", { sessionId: id, Labels: '{"k":"v"}' });
    await local.control.advanceClock(59_000);
    expect(await a.status(id)).toBe("RUNNING");
    await local.control.advanceClock(2_000);
    expect(await a.status(id)).toBe("FINISH");
    expect((await a.post("/mcp/refreshSessionIdleTime", { sessionId: id }, {})).body.code).toBe("InvalidMcpSession.NotFound");
    expect(await a.status(other)).toBe("RUNNING");
    await local.control.advanceClock(140_000);
    expect(await a.status(other)).not.toBe("RUNNING");
  });

  test("PENDING for createPendingMs, then RUNNING", async () => {
    await local.control.setTiming({ createPendingMs: 2000 });
    const a = api(local.url, newKey());
    const id = await a.createSession();
    expect(await a.status(id)).toBe("PENDING");
    expect((await a.get("/sdk/ListSession")).body.data[0].sessionStatus).toBe("PENDING");
    await local.control.advanceClock(2000);
    expect(await a.status(id)).toBe("RUNNING");
  });
});

describe("ListSession", () => {
  test("label-subset filter and pagination with opaque nextToken, count and maxResults", async () => {
    const a = api(local.url, newKey());
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(await a.createSession({ labels: JSON.stringify({ app: "x", n: String(i % 2) }) }));
    }
    await a.createSession({ labels: JSON.stringify({ app: "y" }) });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await a.get("/sdk/ListSession", { maxResults: "3", labels: '{"app": "x"}', nextToken: token });
      expect(r.body).toMatchObject({ success: true, count: 7, maxResults: 3 });
      seen.push(...r.body.data.map((s: { sessionId: string }) => s.sessionId));
      token = r.body.nextToken || undefined;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
    const subset = await a.get("/sdk/ListSession", { labels: JSON.stringify({ app: "x", n: "1" }) });
    expect(subset.body.count).toBe(3);
    const none = await a.get("/sdk/ListSession", { labels: JSON.stringify({ app: "z" }) });
    expect(none.body).toMatchObject({ success: true, data: [], count: 0, nextToken: "" });
    const bad = await a.get("/sdk/ListSession", { nextToken: "garbage" });
    expect(bad.body).toMatchObject({ success: false, code: "InvalidParameter" });
    expect(bad.body.message).toMatch(/nextToken/);
  });
});
