/**
 * Account separation under ids that mean something to JavaScript objects (`__proto__`,
 * `constructor`, ...): they are refused as ids, never reach `Object.prototype`, and no object is
 * shared between accounts afterwards, also after a restart from a state file that holds such keys.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, call, newKey, start, useSharedLocal } from "./helpers";

const shared = useSharedLocal();
const RESERVED = ["__proto__", "constructor", "prototype", "toString"];

test("reserved ids are refused (400 InvalidParameter naming the parameter) and Object.prototype stays clean", async () => {
  const key = newKey();
  for (const id of RESERVED) {
    for (const [path, query] of [
      ["/sdk/ModifyContext", { id, name: "pwned" }],
      ["/sdk/ClearContext", { id }],
      ["/sdk/GetContext", { id }],
      ["/sdk/DeleteContext", { id }],
      ["/sdk/GetContextFileUploadUrl", { contextId: id, filePath: "/f" }],
    ] as const) {
      const r = await call(shared.url, key, path === "/sdk/GetContext" ? "GET" : "POST", path, { query });
      expect({ path, id, status: r.status, code: r.body.code }).toEqual({ path, id, status: 400, code: "InvalidParameter" });
      expect(r.body.message).toMatch(/reserved/);
    }
    const s = await call(shared.url, key, "POST", "/mcp/getSessionInfo", { body: { sessionId: id } });
    expect(s.status).toBe(400);
  }
  expect(({} as Record<string, unknown>).name).toBeUndefined();
  expect(({} as Record<string, unknown>).files).toBeUndefined();
  expect(({} as Record<string, unknown>).clearingUntil).toBeUndefined();
  // Another key still works normally (the old pollution made this a 500 for every key).
  const other = newKey();
  expect((await call(shared.url, other, "GET", "/sdk/GetContext", { query: { name: "pwned" } })).body.code).toBe("InvalidContext.NotFound");
});

test("context id `files` (and other prototype names) is nobody's context: one key's upload is not another's", async () => {
  const a = newKey();
  const b = newKey();
  for (const id of ["files", "name", "hasOwnProperty", "valueOf"]) {
    const r = await call(shared.url, b, "POST", "/sdk/GetContextFileDownloadUrl", { query: { contextId: id, filePath: "/x" } });
    expect(r.status).not.toBe(200);
    expect(r.status).toBeLessThan(500);
  }
  const ctxA = await api(shared.url, a).createContext("mine");
  const up = await call(shared.url, a, "POST", "/sdk/GetContextFileUploadUrl", { query: { contextId: ctxA, filePath: "/secret.txt" } });
  expect(up.status).toBe(200);
  expect((await fetch(up.body.data.url, { method: "PUT", body: "a's data", signal: AbortSignal.timeout(10_000) })).status).toBe(200);
  const asB = await call(shared.url, b, "POST", "/sdk/GetContextFileDownloadUrl", { query: { contextId: ctxA, filePath: "/secret.txt" } });
  expect(asB.status).toBe(400);
  expect(asB.body.code).toMatch(/NotFound/);
});

test("a label named __proto__ is an ordinary label: stored, listed and filtered on", async () => {
  const key = newKey();
  const sessionId = await api(shared.url, key).createSession({ labels: '{"__proto__":"p","team":"t"}' });
  const got = await call(shared.url, key, "GET", "/sdk/GetLabel", { query: { sessionId } });
  expect(JSON.parse(got.body.data.labels)).toEqual(JSON.parse('{"__proto__":"p","team":"t"}'));
  const listed = await call(shared.url, key, "GET", "/sdk/ListSession", { query: { labels: '{"__proto__":"p"}' } });
  expect(listed.body.data.map((s: { sessionId: string }) => s.sessionId)).toEqual([sessionId]);
});

test("a state file with __proto__ keys loads as data: lookups stay own, other accounts untouched", async () => {
  const dir = mkdtempSync(join(tmpdir(), "agb-local-proto-"));
  const hash = "a".repeat(64);
  const state = `{"version":1,"seq":1,"clockOffsetMs":0,"counters":{"requests":{},"totalRequests":0,"sessionsCreated":0,"sessionsReleased":0,"releasesWithUnsyncedData":0,"faultsInjected":0},"accounts":{"__proto__":{"keyHash":"x","sessions":{},"contexts":{"files":{"id":"files","name":"evil","seq":1,"createdAt":0,"lastUsedAt":0,"clearingUntil":0,"files":{}}},"tasks":[]},"${hash}":{"keyHash":"${hash}","sessions":{},"contexts":{"__proto__":{"id":"__proto__","name":"n","seq":1,"createdAt":0,"lastUsedAt":0,"clearingUntil":0,"files":{}}},"tasks":[]}}}`;
  writeFileSync(join(dir, "agb-local-state.json"), state);
  const local = await start({ dataDir: dir });
  try {
    const key = newKey();
    expect((await call(local.url, key, "GET", "/sdk/GetContext", { query: { id: "files" } })).body.code).toBe("InvalidContext.NotFound");
    expect((await call(local.url, key, "GET", "/sdk/ListContexts")).body.data).toEqual([]);
    expect(({} as Record<string, unknown>).keyHash).toBeUndefined();
  } finally {
    await local.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
