/** Strictness: bad input is an error naming the parameter, never silently accepted. */
import type { AgbLocal } from "../../dist/local/index.js";
import { api, call, newKey, start, syncEntry } from "./helpers";
import { WIRE_DEFAULT_POLICY } from "../support/default-policy";

let local: AgbLocal;
beforeAll(async () => {
  local = await start();
});
afterAll(async () => {
  await local.close();
});

function expectInvalid(r: { status: number; body: { success: boolean; code: string; message: string } }, param: string | RegExp): void {
  expect(r.status).toBe(400);
  expect(r.body.success).toBe(false);
  expect(r.body.code).toBe("InvalidParameter");
  expect(r.body.message).toMatch(param);
}

test("missing or empty API key is AccessDenied (403)", async () => {
  const none = await call(local.url, null, "POST", "/mcp/getSession", { body: { sessionId: "s-1" } });
  expect(none.status).toBe(403);
  expect(none.body).toMatchObject({ success: false, code: "AccessDenied", httpStatusCode: 403 });
  const raw = await fetch(`${local.url}/sdk/ListSession`, { headers: { authorization: "Bearer " } });
  expect(((await raw.json()) as { code: string }).code).toBe("AccessDenied");
});

test("unknown endpoint is InvalidAction.NotFound (404)", async () => {
  const r = await call(local.url, newKey(), "POST", "/mcp/noSuchThing", { body: {} });
  expect(r.status).toBe(404);
  expect(r.body).toMatchObject({ success: false, code: "InvalidAction.NotFound", httpStatusCode: 404 });
});

test("missing required parameters name the parameter", async () => {
  const a = api(local.url, newKey());
  expectInvalid(await a.post("/mcp/createSession", {}, {}), /imageId/);
  expectInvalid(await a.post("/mcp/createSession", { imageId: "  " }, {}), /imageId/);
  expectInvalid(await a.post("/mcp/getSession", undefined, {}), /sessionId/);
  expectInvalid(await a.post("/mcp/releaseSessionAsync", undefined, {}), /sessionId/);
  expectInvalid(await a.get("/sdk/GetContext", { allowCreate: "true" }), /\bid\b/);
  expectInvalid(await a.post("/sdk/DeleteContext"), /\bid\b/);
  expectInvalid(await a.post("/sdk/ModifyContext", { id: "SdkCtx-1" }), /name/);
  expectInvalid(await a.post("/sdk/SyncContext"), /sessionId/);
  expectInvalid(await a.get("/sdk/GetContextInfo"), /sessionId/);
  expectInvalid(await a.post("/sdk/GetContextFileUploadUrl", { contextId: "SdkCtx-1" }), /filePath/);
  expectInvalid(await a.post("/sdk/DescribeContextFiles"), /contextId/);
});

test("malformed JSON strings and bodies", async () => {
  const a = api(local.url, newKey());
  expectInvalid(await a.post("/mcp/createSession", { imageId: "i" }, { labels: "{not json" }), /labels/);
  expectInvalid(await a.post("/mcp/createSession", { imageId: "i" }, { labels: '{"a": 1}' }), /labels/);
  expectInvalid(await a.post("/mcp/createSession", { imageId: "i", sdkStats: "{oops" }, {}), /sdkStats/);
  expectInvalid(await a.get("/sdk/ListSession", { labels: "[1,2" }), /labels/);
  const sid = await a.createSession();
  expectInvalid(await a.post("/sdk/SetLabel", { sessionId: sid, Labels: "{bad" }), /Labels/);
  expectInvalid(await a.post("/sdk/SetLabel", { sessionId: sid, Labels: "{}" }), /Labels/);
  expectInvalid(await a.post("/sdk/SetLabel", { sessionId: sid, Labels: '{"k": ""}' }), /Labels/);
  const body = await call(local.url, newKey(), "POST", "/mcp/getSession", { rawBody: "{trunc" });
  expectInvalid(body, /body/);
  expectInvalid(await a.post("/mcp/createSession", { imageId: "i" }, { timeout: "60" }), /timeout/);
  expectInvalid(await a.get("/sdk/GetContext", { name: "x", allowCreate: "yes" }), /allowCreate/);
  expectInvalid(await a.get("/sdk/ListSession", { maxResults: "ten" }), /maxResults/);
});

describe("sync policy validation", () => {
  const create = async (policy: unknown, raw?: string) => {
    const a = api(local.url, newKey());
    const ctx = await a.createContext("p");
    const entry = raw === undefined ? syncEntry(ctx, "/home/p", policy) : { contextId: ctx, path: "/home/p", policy: raw };
    return a.post("/mcp/createSession", { imageId: "i" }, { persistenceDataList: [entry] });
  };

  test("wildcards in recycle paths and white-list paths", async () => {
    expectInvalid(
      await create({ recyclePolicy: { lifecycle: "Lifecycle_1Day", paths: ["logs/*"] } }),
      /recyclePolicy\.paths\[0\].*wildcard/,
    );
    expectInvalid(await create({ bwList: { whiteLists: [{ path: "/src?", excludePaths: [] }] } }), /whiteLists\[0\]\.path/);
    expectInvalid(await create({ bwList: { whiteLists: [{ path: "/src", excludePaths: ["/a[1]"] }] } }), /excludePaths\[0\]/);
  });

  test("unknown enums, wrong types, unknown fields, malformed JSON", async () => {
    expectInvalid(await create({ recyclePolicy: { lifecycle: "LIFECYCLE_7DAYS" } }), /recyclePolicy\.lifecycle/);
    expectInvalid(await create({ uploadPolicy: { uploadMode: "Zip" } }), /uploadPolicy\.uploadMode/);
    expectInvalid(await create({ uploadPolicy: { autoUpload: "yes" } }), /uploadPolicy\.autoUpload/);
    expectInvalid(await create({ extractPolicy: { extractCurrentFolder: true } }), /extractPolicy\.extractCurrentFolder/);
    expectInvalid(await create({ blackLists: [] }), /policy\.blackLists/);
    expectInvalid(await create(undefined, '{"uploadPolicy": '), /policy.*malformed/);
  });

  test("missing sub-policies get the documented defaults; PY spacing parses", async () => {
    const r = await create(undefined, '{"uploadPolicy": {"autoUpload": false, "uploadMode": "Archive"}}');
    expect(r.status).toBe(200);
    const listed = (await local.control.sessions()).find((s) => s.sessionId === r.body.data.sessionId);
    expect(listed?.persistenceDataList[0].policy).toEqual({
      ...WIRE_DEFAULT_POLICY,
      uploadPolicy: { autoUpload: false, uploadStrategy: "UploadBeforeResourceRelease", uploadMode: "Archive" },
    });
  });

  test("unknown context and bad entries", async () => {
    const before = (await local.control.counters()).sessionsCreated;
    const a = api(local.url, newKey());
    const r = await a.post("/mcp/createSession", { imageId: "i" }, { persistenceDataList: [syncEntry("SdkCtx-none", "/home/x")] });
    expect(r.body.code).toBe("InvalidContext.NotFound");
    const ctx = await a.createContext("c");
    expectInvalid(
      await a.post("/mcp/createSession", { imageId: "i" }, { persistenceDataList: [syncEntry(ctx, "relative")] }),
      /persistenceDataList\[0\]\.path/,
    );
    expectInvalid(
      await a.post("/mcp/createSession", { imageId: "i" }, { persistenceDataList: [{ path: "/x" }] }),
      /persistenceDataList\[0\]\.contextId/,
    );
    expect((await local.control.counters()).sessionsCreated).toBe(before);
  });
});

test("enum query values and paired parameters", async () => {
  const a = api(local.url, newKey());
  const sid = await a.createSession();
  expectInvalid(await a.post("/sdk/SyncContext", { sessionId: sid, mode: "sideways" }), /mode/);
  expectInvalid(await a.get("/sdk/GetContextInfo", { sessionId: sid, taskType: "copy" }), /taskType/);
  expectInvalid(await a.post("/sdk/SyncContext", { sessionId: sid, contextId: "SdkCtx-1" }), /path/);
  expectInvalid(await a.post("/sdk/SyncContext", { sessionId: sid, contextId: "SdkCtx-1", path: "/nope" }), /contextId/);
  expectInvalid(await a.get("/sdk/GetContext", { id: "SdkCtx-1", allowCreate: "true" }), /allowCreate/);
});
