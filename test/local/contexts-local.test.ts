/** Context endpoints, context-sync tasks and context files over real HTTP. */
import { api, newKey, syncEntry, useSharedLocal } from "./helpers";

const local = useSharedLocal();

describe("contexts", () => {
  test("get-or-create by name, get by id, rename, list, delete", async () => {
    const a = api(local.url, newKey());
    const created = await a.get("/sdk/GetContext", { name: "proj", allowCreate: "true" });
    expect(created.body.data).toMatchObject({ name: "proj", state: "available" });
    expect(created.body.data.id).toMatch(/^SdkCtx-/);
    expect(created.body.data.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const id = created.body.data.id;
    expect((await a.get("/sdk/GetContext", { name: "proj", allowCreate: "true" })).body.data.id).toBe(id);
    expect((await a.get("/sdk/GetContext", { id, allowCreate: "false" })).body.data.name).toBe("proj");
    const missing = await a.get("/sdk/GetContext", { name: "nope", allowCreate: "false" });
    expect(missing.body).toMatchObject({ success: false, code: "InvalidContext.NotFound", httpStatusCode: 400 });

    expect((await a.post("/sdk/ModifyContext", { id, name: "renamed" })).status).toBe(200);
    expect((await a.get("/sdk/GetContext", { id, allowCreate: "false" })).body.data.name).toBe("renamed");
    const other = await a.createContext("other");
    const clash = await a.post("/sdk/ModifyContext", { id: other, name: "renamed" });
    expect(clash.body).toMatchObject({ success: false, code: "InvalidParameter" });

    const listed = await a.get("/sdk/ListContexts", { maxResults: "10" });
    expect(listed.body.data.map((c: { name: string }) => c.name)).toEqual(["renamed", "other"]);
    expect(listed.body.count).toBe(2);

    expect((await a.post("/sdk/DeleteContext", { id })).status).toBe(200);
    expect((await a.get("/sdk/GetContext", { id, allowCreate: "false" })).body.code).toBe("InvalidContext.NotFound");
    expect((await a.post("/sdk/DeleteContext", { id })).body.code).toBe("InvalidContext.NotFound");
    // contexts are per key
    const b = api(local.url, newKey());
    expect((await b.get("/sdk/GetContext", { id: other, allowCreate: "false" })).body.code).toBe("InvalidContext.NotFound");
    expect((await b.get("/sdk/ListContexts")).body.data).toEqual([]);
  });

  test("ListContexts pagination", async () => {
    const a = api(local.url, newKey());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await a.createContext(`c${i}`));
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const r = await a.get("/sdk/ListContexts", { maxResults: "2", nextToken: token });
      expect(r.body).toMatchObject({ count: 5, maxResults: 2 });
      seen.push(...r.body.data.map((c: { id: string }) => c.id));
      token = r.body.nextToken || undefined;
      if (!token) break;
    }
    expect(seen).toEqual(ids);
  });

  test("ClearContext: clearing then available, files removed", async () => {
    await local.control.setTiming({ clearMs: 3000 });
    const a = api(local.url, newKey());
    const id = await a.createContext("c");
    const url = (await a.post("/sdk/GetContextFileUploadUrl", { contextId: id, filePath: "/f.txt" })).body.data.url;
    expect((await fetch(url, { method: "PUT", body: "hello" })).status).toBe(200);
    expect((await local.control.contexts())[0].fileCount).toBe(1);
    expect((await a.post("/sdk/ClearContext", { id })).status).toBe(200);
    expect((await a.get("/sdk/GetContext", { id, allowCreate: "false" })).body.data.state).toBe("clearing");
    expect((await local.control.contexts())[0].fileCount).toBe(0);
    await local.control.advanceClock(3000);
    expect((await a.get("/sdk/GetContext", { id, allowCreate: "false" })).body.data.state).toBe("available");
    expect((await a.post("/sdk/ClearContext", { id: "SdkCtx-none" })).body.code).toBe("InvalidContext.NotFound");
  });
});

describe("context-sync tasks", () => {
  test("download task per entry at create; upload tasks on SyncContext; filters; durations", async () => {
    await local.control.setTiming({ createSyncMs: 1000, uploadSyncMs: 2000 });
    const a = api(local.url, newKey());
    const c1 = await a.createContext("one");
    const c2 = await a.createContext("two");
    const sid = await a.createSession({ persistenceDataList: [syncEntry(c1, "/home/a"), syncEntry(c2, "/home/b")] });
    let tasks = await a.tasks({ sessionId: sid });
    expect(tasks).toHaveLength(2);
    expect(tasks.every((t) => t.taskType === "download" && t.status === "Pending")).toBe(true);
    await local.control.advanceClock(500);
    expect((await a.tasks({ sessionId: sid })).map((t) => t.status)).toEqual(["Running", "Running"]);
    await local.control.advanceClock(500);
    tasks = await a.tasks({ sessionId: sid });
    expect(tasks.map((t) => t.status)).toEqual(["Success", "Success"]);
    expect(tasks[0]).toMatchObject({ contextId: c1, path: "/home/a", errorMessage: "" });
    expect(tasks[0].finishTime).toBeGreaterThanOrEqual(tasks[0].startTime as number);

    expect((await a.post("/sdk/SyncContext", { sessionId: sid, contextId: c2, path: "/home/b" })).status).toBe(200);
    const uploads = await a.tasks({ sessionId: sid, taskType: "upload" });
    expect(uploads).toEqual([expect.objectContaining({ contextId: c2, path: "/home/b", taskType: "upload", status: "Pending" })]);
    await local.control.advanceClock(1500);
    expect((await a.tasks({ sessionId: sid, taskType: "upload" }))[0].status).toBe("Running");
    await local.control.advanceClock(500);
    expect((await a.tasks({ sessionId: sid, taskType: "upload" }))[0].status).toBe("Success");

    await a.post("/sdk/SyncContext", { sessionId: sid });
    expect(await a.tasks({ sessionId: sid, taskType: "upload" })).toHaveLength(3);
    await a.post("/sdk/SyncContext", { sessionId: sid, mode: "download" });
    expect(await a.tasks({ sessionId: sid, taskType: "download" })).toHaveLength(4);
    expect(await a.tasks({ sessionId: sid, contextId: c1, path: "/home/a" })).toHaveLength(3);
  });

  test("syncOutcome Failed and Never", async () => {
    await local.control.setTiming({ createSyncMs: 10, syncOutcome: "Failed" });
    const a = api(local.url, newKey());
    const c = await a.createContext("c");
    const sid = await a.createSession({ timeout: 7200, persistenceDataList: [syncEntry(c, "/home/a")] });
    await local.control.advanceClock(10);
    const [failed] = await a.tasks({ sessionId: sid });
    expect(failed.status).toBe("Failed");
    expect(failed.errorMessage).not.toBe("");
    await local.control.setTiming({ syncOutcome: "Never" });
    await a.post("/sdk/SyncContext", { sessionId: sid });
    await local.control.advanceClock(3_600_000);
    expect((await a.tasks({ sessionId: sid, taskType: "upload" }))[0].status).toBe("Running");
  });
});

describe("context files", () => {
  test("upload URL + PUT, describe by folder with paging, download URL + GET, delete", async () => {
    const a = api(local.url, newKey());
    const id = await a.createContext("files");
    const put = async (filePath: string, content: string) => {
      const r = await a.post("/sdk/GetContextFileUploadUrl", { contextId: id, filePath });
      expect(r.body.data.url.startsWith(`${local.url}/_files/`)).toBe(true);
      expect(typeof r.body.data.expireTime).toBe("number");
      const res = await fetch(r.body.data.url, { method: "PUT", body: content }); // no auth header
      expect(res.status).toBe(200);
    };
    await put("/tmp/ext/a.zip", "AAA");
    await put("/tmp/ext/b.zip", "BB");
    await put("/tmp/ext/sub/c.zip", "C");
    await put("/root.txt", "root");

    const list = await a.post("/sdk/DescribeContextFiles", {
      contextId: id,
      parentFolderPath: "/tmp/ext",
      pageNumber: "1",
      pageSize: "50",
    });
    expect(list.body.count).toBe(3);
    expect(list.body.data.map((f: { filePath: string; fileType: string }) => [f.filePath, f.fileType])).toEqual([
      ["/tmp/ext/a.zip", "file"],
      ["/tmp/ext/b.zip", "file"],
      ["/tmp/ext/sub", "folder"],
    ]);
    expect(list.body.data[0]).toMatchObject({ fileName: "a.zip", size: 3 });
    const page2 = await a.post("/sdk/DescribeContextFiles", {
      contextId: id,
      parentFolderPath: "/tmp/ext",
      pageNumber: "2",
      pageSize: "2",
    });
    expect(page2.body.data.map((f: { fileName: string }) => f.fileName)).toEqual(["sub"]);
    const root = await a.post("/sdk/DescribeContextFiles", { contextId: id, parentFolderPath: "" });
    expect(root.body.data.map((f: { fileName: string }) => f.fileName)).toEqual(["root.txt", "tmp"]);

    const dl = await a.post("/sdk/GetContextFileDownloadUrl", { contextId: id, filePath: "/tmp/ext/b.zip" });
    const got = await fetch(dl.body.data.url);
    expect(await got.text()).toBe("BB");

    expect((await a.post("/sdk/DeleteContextFile", { contextId: id, filePath: "/tmp/ext/b.zip" })).status).toBe(200);
    expect((await a.post("/sdk/GetContextFileDownloadUrl", { contextId: id, filePath: "/tmp/ext/b.zip" })).body.code).toBe(
      "InvalidFile.NotFound",
    );
    expect((await a.post("/sdk/DeleteContextFile", { contextId: id, filePath: "/tmp/ext/b.zip" })).body.code).toBe("InvalidFile.NotFound");
    expect((await local.control.contexts())[0].fileCount).toBe(3);
  });

  test("file URLs expire, and a token cannot be used for the other direction", async () => {
    const a = api(local.url, newKey());
    const id = await a.createContext("exp");
    const up = (await a.post("/sdk/GetContextFileUploadUrl", { contextId: id, filePath: "/x" })).body.data.url;
    expect((await fetch(up)).status).toBe(404); // GET on an upload token
    const early = (await a.post("/sdk/GetContextFileUploadUrl", { contextId: id, filePath: "/y" })).body.data;
    expect((await fetch(early.url, { method: "PUT", body: "in time" })).status).toBe(200);
    const down = (await a.post("/sdk/GetContextFileDownloadUrl", { contextId: id, filePath: "/y" })).body.data;
    expect(await (await fetch(down.url)).text()).toBe("in time");
    await local.control.advanceClock(31 * 60 * 1000);
    expect((await fetch(up, { method: "PUT", body: "late" })).status).toBe(404);
    expect((await fetch(down.url)).status).toBe(404); // the download URL expired as well
    expect((await local.control.contexts())[0].fileCount).toBe(1);
  });
});
