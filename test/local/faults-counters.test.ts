/** Fault modes (error, reset, commit-then-drop, latency), counters and request logs. */
import { api, newKey, syncEntry, useSharedLocal } from "./helpers";

const local = useSharedLocal();

describe("faults", () => {
  test("error mode with status, code, message and count", async () => {
    const a = api(local.url, newKey());
    const sid = await a.createSession();
    await local.control.injectFault({
      operation: "getSession",
      httpStatus: 503,
      code: "ServiceUnavailable",
      message: "try later",
      count: 2,
    });
    for (let i = 0; i < 2; i++) {
      const r = await a.post("/mcp/getSession", undefined, { sessionId: sid });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ success: false, code: "ServiceUnavailable", message: "try later", httpStatusCode: 503 });
      expect(r.headers.get("x-request-id")).toBe(r.body.requestId);
    }
    expect((await a.post("/mcp/getSession", undefined, { sessionId: sid })).status).toBe(200);
    expect((await a.post("/mcp/getSessionInfo", undefined, { sessionId: sid })).status).toBe(200); // other op untouched
    const c = await local.control.counters();
    expect(c.faultsInjected).toBe(2);
    expect(c.requests.getSession).toBe(3); // faulted requests count too
  });

  test("'*' matches every AGB operation but never the control API; clearFaults removes", async () => {
    const a = api(local.url, newKey());
    await local.control.injectFault({ operation: "*" });
    expect((await a.get("/sdk/ListContexts")).body.code).toBe("InternalError");
    expect((await a.get("/sdk/ListSession")).status).toBe(500);
    expect(await local.control.faults()).toHaveLength(1);
    await local.control.clearFaults();
    expect((await a.get("/sdk/ListSession")).status).toBe(200);
  });

  test("skip lets the first matching requests through, then the fault fires its count", async () => {
    const a = api(local.url, newKey());
    await local.control.injectFault({ operation: "ListSession", httpStatus: 503, skip: 2, count: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await a.get("/sdk/ListSession")).status);
    expect(statuses).toEqual([200, 200, 503, 200]);
  });

  test("probability 0 never fires", async () => {
    const a = api(local.url, newKey());
    await local.control.injectFault({ operation: "ListSession", probability: 0 });
    for (let i = 0; i < 5; i++) expect((await a.get("/sdk/ListSession")).status).toBe(200);
    expect((await local.control.counters()).faultsInjected).toBe(0);
  });

  test("reset destroys the connection without an answer and without effect", async () => {
    const a = api(local.url, newKey());
    await local.control.injectFault({ operation: "createSession", mode: "reset", count: 1 });
    await expect(a.post("/mcp/createSession", { imageId: "i" }, {})).rejects.toThrow();
    expect(await local.control.sessions()).toHaveLength(0);
    expect((await a.post("/mcp/createSession", { imageId: "i" }, {})).status).toBe(200);
  });

  test("commit-then-drop: the session exists although the client saw a dropped connection", async () => {
    const key = newKey();
    const a = api(local.url, key);
    await local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: 1 });
    await expect(a.post("/mcp/createSession", { imageId: "i" }, { labels: '{"op":"x"}' })).rejects.toThrow();
    const listed = await a.get("/sdk/ListSession", { labels: '{"op":"x"}' });
    expect(listed.body.count).toBe(1);
    expect((await local.control.counters()).sessionsCreated).toBe(1);
  });

  test("latency mode answers normally and is logged", async () => {
    const a = api(local.url, newKey());
    await local.control.injectFault({ operation: "ListContexts", mode: "latency", latencyMs: 20, count: 1 });
    expect((await a.get("/sdk/ListContexts")).status).toBe(200);
    const logs = await local.control.logs();
    expect(logs.find((l) => l.operation === "ListContexts")?.fault).toBe("latency");
  });

  test("invalid fault specs are refused with 400", async () => {
    await expect(local.control.injectFault({ operation: "getSession", mode: "explode" as never })).rejects.toThrow(/mode/);
    await expect(local.control.injectFault({ operation: "getSession", probability: 2 })).rejects.toThrow(/probability/);
  });
});

describe("counters", () => {
  test("releasesWithUnsyncedData: only when an autoUpload entry has no successful upload", async () => {
    await local.control.setTiming({ uploadSyncMs: 1000, createSyncMs: 0 });
    const a = api(local.url, newKey());
    const c = await a.createContext("data");
    const noUpload = { uploadPolicy: { autoUpload: false } };

    const lost = await a.createSession({ persistenceDataList: [syncEntry(c, "/home/a")] });
    await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: lost });
    expect((await local.control.counters()).releasesWithUnsyncedData).toBe(1);

    const synced = await a.createSession({ persistenceDataList: [syncEntry(c, "/home/a")] });
    await a.post("/sdk/SyncContext", { sessionId: synced });
    await local.control.advanceClock(1000);
    expect((await a.tasks({ sessionId: synced, taskType: "upload" }))[0].status).toBe("Success");
    await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: synced });
    expect((await local.control.counters()).releasesWithUnsyncedData).toBe(1);

    const stillRunning = await a.createSession({ persistenceDataList: [syncEntry(c, "/home/a")] });
    await a.post("/sdk/SyncContext", { sessionId: stillRunning });
    await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: stillRunning });
    expect((await local.control.counters()).releasesWithUnsyncedData).toBe(2);

    const manual = await a.createSession({ persistenceDataList: [syncEntry(c, "/home/a", noUpload)] });
    await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: manual });
    const plain = await a.createSession();
    await a.post("/mcp/releaseSessionAsync", undefined, { sessionId: plain });
    const counters = await local.control.counters();
    expect(counters).toMatchObject({ releasesWithUnsyncedData: 2, sessionsCreated: 5, sessionsReleased: 5 });
    expect(counters.requests.releaseSessionAsync).toBe(5);
    expect(counters.totalRequests).toBe(Object.values(counters.requests).reduce((s, n) => s + n, 0));
  });

  test("logs never contain the API key, and reset clears everything", async () => {
    const key = newKey();
    const a = api(local.url, key);
    await a.createSession();
    await local.control.setTiming({ releaseMs: 5 });
    await local.control.advanceClock(1000);
    const logs = await local.control.logs();
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain(key);
    expect(logs[0].apiKeyHash).toMatch(/^[0-9a-f]{12}$/);
    await local.control.reset();
    expect(await local.control.sessions()).toEqual([]);
    expect((await local.control.counters()).totalRequests).toBe(0);
    expect((await local.control.clock()).offsetMs).toBe(0);
    expect((await local.control.config()).releaseMs).toBe(100);
  });
});
