/**
 * Row "hostile client of agb-local": the agb-local CLI in its own process under the probes of a
 * hostile client: `__proto__`-style ids from three accounts trying to reach each other's objects,
 * the attacks a web page can make on the control API, and memory pressure (large refused bodies,
 * many large bodies at once, uploads past the storage quota). Counted: accounts crossed (0),
 * control attacks that changed something (0), and agb-local's peak RSS (under the cap).
 */
import * as http from "node:http";
import { readFileSync } from "node:fs";
import { spawnAgbLocal, stopAgbLocal } from "../support/agb-local-process";
import type { AgbLocalProcess } from "../support/agb-local-process";
import { rawRequest } from "../support/raw-http";
import { agbCall, newKey, ok } from "./support/raw-agb";
import { record, resetPoint, writeSummary } from "./support/results";

const MIB = 1024 * 1024;
/** agb-local's peak RSS must stay under this with the limits below (64 MiB in flight, 64 MiB stored). */
const RSS_CAP_BYTES = 512 * MIB;
const BIG_BODY = Buffer.alloc(32 * MIB, 0x20);
let proc: AgbLocalProcess | undefined;
let base: string;

beforeAll(async () => {
  resetPoint("19b-hostile-local-client");
  proc = await spawnAgbLocal(["--max-in-flight-body-mb", "64", "--max-account-storage-mb", "64"]);
  base = proc.url;
});
afterAll(async () => {
  await stopAgbLocal(proc);
  writeSummary();
});

function peakRssBytes(): number {
  const status = readFileSync(`/proc/${proc!.child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function upload(key: string, contextId: string, path: string, body: Buffer): Promise<number> {
  const u = await agbCall(base, key, "POST", "/sdk/GetContextFileUploadUrl", { query: { contextId, filePath: path } });
  if (!ok(u)) return u.status;
  return (await fetch(u.body.data.url, { method: "PUT", body, signal: AbortSignal.timeout(60_000) })).status;
}

test("three accounts and __proto__-style ids: no account reaches another's objects", async () => {
  const [a, b, c] = ["a", "b", "c"].map((t) => newKey(`proto-${t}`));
  let crossed = 0;
  for (const id of ["__proto__", "constructor", "prototype"]) {
    await agbCall(base, a, "POST", "/sdk/ModifyContext", { query: { id, name: "pwned" } });
    await agbCall(base, a, "POST", "/sdk/ClearContext", { query: { id } });
  }
  const ctx = await agbCall(base, a, "GET", "/sdk/GetContext", { query: { name: "mine", allowCreate: "true" } });
  const ctxId = ctx.body.data.id as string;
  expect(await upload(a, ctxId, "/secret.txt", Buffer.from("a's data"))).toBe(200);
  for (const other of [b, c]) {
    const probes = [
      await agbCall(base, other, "GET", "/sdk/GetContext", { query: { id: ctxId } }),
      await agbCall(base, other, "GET", "/sdk/GetContext", { query: { name: "pwned" } }),
      await agbCall(base, other, "POST", "/sdk/GetContextFileDownloadUrl", { query: { contextId: ctxId, filePath: "/secret.txt" } }),
      await agbCall(base, other, "POST", "/sdk/GetContextFileDownloadUrl", { query: { contextId: "files", filePath: "/secret.txt" } }),
      await agbCall(base, other, "POST", "/sdk/DeleteContextFile", { query: { contextId: ctxId, filePath: "/secret.txt" } }),
    ];
    crossed += probes.filter((p) => ok(p)).length;
    expect(probes.map((p) => p.status).filter((s) => s >= 500)).toEqual([]);
  }
  const mine = await agbCall(base, a, "POST", "/sdk/GetContextFileDownloadUrl", { query: { contextId: ctxId, filePath: "/secret.txt" } });
  expect(ok(mine)).toBe(true);
  record("19b-hostile-local-client", "19", "hostile client of agb-local (ids, control API, memory)", { accountsCrossed: crossed });
  expect(crossed).toBe(0);
});

test("what a web page can send to the control API is refused and changes nothing", async () => {
  const key = newKey("control");
  await agbCall(base, key, "GET", "/sdk/GetContext", { query: { name: "keep", allowCreate: "true" } });
  const host = new URL(base).host;
  const attacks: Array<[string, string, Record<string, string>, string]> = [
    ["GET", "/_local/config", { host: "attacker.example" }, ""],
    ["POST", "/_local/reset", { host: "attacker.example", "content-type": "application/json" }, "{}"],
    ["POST", "/_local/reset", { host, "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" }, "a=1"],
    ["POST", "/_local/reset", { host, "content-type": "application/json", origin: "http://evil.example" }, "{}"],
    ["POST", "/_local/config", { host, "content-type": "text/plain" }, '{"latencyMs":60000}'],
    ["POST", "/_local/faults", { host, "content-type": "text/plain", origin: "http://evil.example" }, '{"operation":"*"}'],
  ];
  let refused = 0;
  for (const [method, path, headers, body] of attacks) if ((await rawRequest(base, method, path, headers, body)).status === 403) refused++;
  const contexts = (await (await fetch(`${base}/_local/contexts`, { signal: AbortSignal.timeout(10_000) })).json()) as Array<{
    name: string;
  }>;
  const faults = (await (await fetch(`${base}/_local/faults`, { signal: AbortSignal.timeout(10_000) })).json()) as unknown[];
  const changed = (contexts.some((c) => c.name === "keep") ? 0 : 1) + faults.length;
  record("19b-hostile-local-client", "19", "hostile client of agb-local (ids, control API, memory)", {
    controlAttacks: attacks.length,
    controlAttacksRefused: refused,
    controlAttacksThatChangedState: changed,
  });
  expect([refused, changed]).toEqual([attacks.length, 0]);
});

/** One POST of `body` to createSession; "dropped" when the server closed the connection. */
function post(key: string | null, body: Buffer): Promise<number | "dropped"> {
  const u = new URL(`${base}/mcp/createSession?imageId=img`);
  const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(body.length) };
  if (key) headers.authorization = `Bearer ${key}`;
  return new Promise((resolve) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: "POST", path: `${u.pathname}${u.search}`, headers, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(60_000, () => req.destroy());
    req.on("error", () => resolve("dropped"));
    req.end(body);
  });
}

test("large refused bodies, 16 large bodies at once, uploads past the quota: peak RSS under the cap", async () => {
  for (let i = 0; i < 10; i++) expect(await post(null, BIG_BODY)).toBe(403); // no key: refused, never captured
  const captures = (await (await fetch(`${base}/_local/captures`, { signal: AbortSignal.timeout(10_000) })).json()) as unknown[];
  expect(captures).toEqual([]);
  const together = await Promise.all(Array.from({ length: 16 }, () => post(newKey("flight"), BIG_BODY)));
  const dropped = together.filter((o) => o === "dropped").length;
  const key = newKey("quota");
  const ctx = (await agbCall(base, key, "GET", "/sdk/GetContext", { query: { name: "big", allowCreate: "true" } })).body.data.id as string;
  const file = Buffer.alloc(8 * MIB, 0x62);
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push(await upload(key, ctx, `/f${i}`, file));
  const peak = peakRssBytes();
  record("19b-hostile-local-client", "19", "hostile client of agb-local (ids, control API, memory)", {
    refusedBodiesCaptured: captures.length,
    concurrentBodies: together.length,
    concurrentBodiesDropped: dropped,
    uploadsOverQuotaRefused: statuses.filter((s) => s === 403).length,
    peakRssMiB: Math.round(peak / MIB),
    rssCapMiB: RSS_CAP_BYTES / MIB,
  });
  expect(dropped).toBeGreaterThan(0); // 64 MiB in flight holds at most two 32 MiB bodies at a time
  expect(statuses).toEqual([...Array(8).fill(200), ...Array(4).fill(403)]);
  expect(peak).toBeLessThan(RSS_CAP_BYTES);
  expect(ok(await agbCall(base, key, "GET", "/sdk/ListContexts"))).toBe(true);
});
