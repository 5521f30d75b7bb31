/**
 * agb-local's memory stays bounded under hostile clients: refused createSession bodies are never
 * captured, accepted ones only within the capture byte limit (and a body too deep to serialize
 * cannot break `GET /_local/captures`), bodies in flight at once share one budget, and each
 * account's stored files have a quota (limits.accountStorageBytes).
 */
import * as http from "node:http";
import { CAPTURE_BYTES_LIMIT } from "../../dist/local/capture.js";
import { api, call, newKey, start } from "./helpers";
import type { AgbLocal } from "../../dist/local/index.js";

jest.setTimeout(120_000);
let local: AgbLocal;

beforeAll(async () => {
  local = await start({ limits: { inFlightBodyBytes: 4 * 1024 * 1024, accountStorageBytes: 1024 * 1024 } });
});
afterAll(() => local?.close());
beforeEach(() => local.control.reset());

test("refused createSession bodies are not captured; accepted ones only within the byte limit", async () => {
  const big = JSON.stringify({ labels: JSON.stringify({ pad: "x".repeat(2 * 1024 * 1024) }) });
  for (let i = 0; i < 5; i++) {
    const r = await call(local.url, null, "POST", "/mcp/createSession", { query: { imageId: "img" }, rawBody: big });
    expect(r.status).toBe(403);
  }
  expect(await local.control.captures()).toEqual([]);
  const key = newKey();
  for (let i = 0; i < 6; i++)
    await api(local.url, key).createSession({ labels: JSON.stringify({ n: String(i), pad: "y".repeat(1536 * 1024) }) });
  const captures = await local.control.captures();
  expect(captures).toHaveLength(6);
  expect(JSON.stringify(captures).length).toBeLessThan(CAPTURE_BYTES_LIMIT);
  expect(captures[5].body).toEqual({ notCaptured: expect.stringMatching(/^body of \d+ bytes/) });
});

test("a body too deeply nested to serialize never breaks GET /_local/captures", async () => {
  const depth = 200_000;
  const body = `{"labels":"{\\"a\\":\\"b\\"}","extra":${"[".repeat(depth)}${"]".repeat(depth)}}`;
  await call(local.url, newKey(), "POST", "/mcp/createSession", { query: { imageId: "img" }, rawBody: body });
  const res = await fetch(`${local.url}/_local/captures`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
});

/** Starts a POST of `bytes` bytes and holds it open (the last byte unsent) until `finish()`. */
function heldUpload(bytes: number): { finish(): void; outcome: Promise<number | "dropped"> } {
  const u = new URL(`${local.url}/mcp/createSession?imageId=img`);
  const req = http.request({
    host: u.hostname,
    port: u.port,
    method: "POST",
    path: `${u.pathname}${u.search}`,
    agent: false,
    headers: { "content-type": "application/json", authorization: "Bearer akm-held", "content-length": String(bytes) },
  });
  const outcome = new Promise<number | "dropped">((resolve) => {
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve("dropped"));
    req.setTimeout(30_000, () => req.destroy());
  });
  req.write(Buffer.alloc(bytes - 1, 0x20));
  return { finish: () => req.end(" "), outcome };
}

test("bodies in flight at once share one budget: past it requests are dropped, and the service goes on", async () => {
  const held = Array.from({ length: 6 }, () => heldUpload(1536 * 1024));
  await new Promise((r) => setTimeout(r, 1000)); // let the server read what was written
  for (const h of held) h.finish();
  const outcomes = await Promise.all(held.map((h) => h.outcome));
  // 6 x 1.5 MiB against a 4 MiB budget: at most two fit at once.
  expect(outcomes.filter((o) => o === "dropped").length).toBeGreaterThanOrEqual(4);
  expect((await call(local.url, newKey(), "GET", "/sdk/ListContexts")).status).toBe(200);
});

async function upload(key: string, contextId: string, path: string, bytes: number): Promise<{ status: number; text: string }> {
  const u = await call(local.url, key, "POST", "/sdk/GetContextFileUploadUrl", { query: { contextId, filePath: path } });
  const res = await fetch(u.body.data.url, { method: "PUT", body: Buffer.alloc(bytes, 0x61), signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

test("each account's stored files have a quota; replacing a file counts only the difference", async () => {
  const a = newKey();
  const ctx = await api(local.url, a).createContext("files");
  expect((await upload(a, ctx, "/1", 400 * 1024)).status).toBe(200);
  expect((await upload(a, ctx, "/2", 400 * 1024)).status).toBe(200);
  expect((await upload(a, ctx, "/2", 500 * 1024)).status).toBe(200); // replaces: 900 KiB in all
  const over = await upload(a, ctx, "/3", 400 * 1024);
  expect(over.status).toBe(403);
  expect(JSON.parse(over.text)).toEqual({ code: "QuotaExceeded", message: expect.stringMatching(/quota is 1048576/) });
  const b = newKey();
  const ctxB = await api(local.url, b).createContext("files");
  expect((await upload(b, ctxB, "/1", 400 * 1024)).status).toBe(200);
});
