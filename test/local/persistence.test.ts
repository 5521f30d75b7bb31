/** Persistence with --data: survives a graceful restart, and a SIGKILL during writes loses nothing acknowledged. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, newKey, syncEntry } from "./helpers";
import { spawnAgbLocal, stopAgbLocal } from "../support/agb-local-process";
import type { AgbLocalProcess } from "../support/agb-local-process";

let dir: string;
let proc: AgbLocalProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "agb-local-test-"));
});
afterEach(async () => {
  await stopAgbLocal(proc);
  proc = undefined;
  rmSync(dir, { recursive: true, force: true });
});

test("SIGTERM flushes and exits 0; a restart sees sessions, contexts, labels, files and counters", async () => {
  const key = newKey();
  proc = await spawnAgbLocal(["--data", dir]);
  let a = api(proc.url, key);
  const ctx = await a.createContext("kept");
  const sid = await a.createSession({ labels: '{"app":"p"}', timeout: 3600, persistenceDataList: [syncEntry(ctx, "/home/p")] });
  const up = await a.post("/sdk/GetContextFileUploadUrl", { contextId: ctx, filePath: "/data/x.bin" });
  expect((await fetch(up.body.data.url, { method: "PUT", body: "bytes!" })).status).toBe(200);
  proc.child.kill("SIGTERM");
  expect(await proc.exited).toBe(0);

  const state = readFileSync(join(dir, "agb-local-state.json"), "utf8");
  expect(state).not.toContain(key); // only a hash of the key is stored

  proc = await spawnAgbLocal(["--data", dir]);
  a = api(proc.url, key);
  expect(await a.status(sid)).toBe("RUNNING");
  expect(JSON.parse((await a.get("/sdk/GetLabel", { sessionId: sid })).body.data.labels)).toEqual({ app: "p" });
  expect((await a.get("/sdk/GetContext", { name: "kept", allowCreate: "false" })).body.data.id).toBe(ctx);
  const dl = await a.post("/sdk/GetContextFileDownloadUrl", { contextId: ctx, filePath: "/data/x.bin" });
  expect(await (await fetch(dl.body.data.url)).text()).toBe("bytes!");
  const tasks = await a.tasks({ sessionId: sid });
  expect(tasks).toHaveLength(1);
  const counters = (await (await fetch(`${proc.url}/_local/counters`)).json()) as { sessionsCreated: number };
  expect(counters.sessionsCreated).toBe(1);
});

test("SIGKILL during concurrent mutations: the file parses and every acknowledged mutation is there", async () => {
  const key = newKey();
  const acknowledged: string[] = [];
  let serial = 0;
  for (let round = 0; round < 3; round++) {
    proc = await spawnAgbLocal(["--data", dir]);
    const a = api(proc.url, key);
    const target = acknowledged.length + 25;
    let killed = false;
    const worker = async (): Promise<void> => {
      // Bounded: at most 200 requests per worker per round.
      for (let i = 0; i < 200 && !killed; i++) {
        const name = `ctx-${serial++}`;
        try {
          const r = await a.get("/sdk/GetContext", { name, allowCreate: "true" });
          if (r.status === 200) acknowledged.push(name);
        } catch {
          return; // connection died with the process
        }
        if (acknowledged.length >= target && !killed) {
          killed = true;
          proc?.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker(), worker(), worker()]);
    await stopAgbLocal(proc);
    await proc.exited;
    expect(killed).toBe(true);
    const state = JSON.parse(readFileSync(join(dir, "agb-local-state.json"), "utf8"));
    expect(state.version).toBe(1);
  }
  proc = await spawnAgbLocal(["--data", dir]);
  const a = api(proc.url, key);
  const names = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await a.get("/sdk/ListContexts", { maxResults: "100", nextToken: token });
    for (const c of r.body.data as Array<{ name: string }>) names.add(c.name);
    token = r.body.nextToken || undefined;
    if (!token) break;
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(75);
  const missing = acknowledged.filter((n) => !names.has(n));
  expect(missing).toEqual([]);
});
