/** Optional strictness (models/strictness.ts): API-key set, label limits, image allow-list; default permissive. */
import { createHash } from "node:crypto";
import { api, call, newKey, start } from "./helpers";
import type { AgbLocal } from "../../dist/local/index.js";
import { spawnAgbLocal } from "../support/agb-local-process";

let local: AgbLocal;
beforeAll(async () => {
  local = await start({ strictness: { apiKeys: ["akm-good"] } });
});
afterAll(async () => {
  await local.close();
});

test("a key outside apiKeys gets the access-denied envelope (403) on every API call; reset keeps the start value", async () => {
  for (const [path, method] of [
    ["/mcp/createSession", "POST"],
    ["/sdk/ListSession", "GET"],
    ["/sdk/GetContext", "GET"],
  ] as const) {
    const r = await call(local.url, "akm-wrong", method, path, {
      query: { imageId: "agb-code-space-1", name: "x", allowCreate: "true" },
      body: method === "POST" ? {} : undefined,
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ success: false, code: "AccessDenied", httpStatusCode: 403, data: null });
  }
  expect((await api(local.url, "akm-good").get("/sdk/ListSession")).status).toBe(200);
  await local.control.reset();
  // Shown as hashes only (first 12 hex characters of sha256, as in the request log), never the key.
  expect((await local.control.config()).strictness).toEqual({ apiKeyHashes: [keyHash("akm-good")] });
  expect((await call(local.url, "akm-wrong", "GET", "/sdk/ListSession")).status).toBe(403);
});

test("label limits and image allow-list through /_local/config; null turns a field off", async () => {
  await local.control.setStrictness({
    apiKeys: null,
    labelLimits: { maxKeyLength: 5, maxValueLength: 3, maxCount: 2 },
    imageAllowList: ["agb-code-space-1"],
  });
  const a = api(local.url, newKey());
  const create = (labels: Record<string, string>, imageId = "agb-code-space-1") =>
    a.post("/mcp/createSession", { imageId }, { labels: JSON.stringify(labels) });
  expect((await create({ k: "v" })).status).toBe(200);
  const longKey = await create({ toolong: "v" });
  expect([longKey.status, longKey.body.code]).toEqual([400, "InvalidParameter"]);
  expect(longKey.body.message).toMatch(/labels\.toolong: label keys are at most 5/);
  expect((await create({ k: "long" })).body.message).toMatch(/labels\.k: label values are at most 3/);
  expect((await create({ a: "1", b: "2", c: "3" })).body.message).toMatch(/labels: at most 2 labels/);
  const image = await create({}, "agb-other-image");
  expect([image.status, image.body.code, image.body.success]).toEqual([400, "InvalidImageId", false]);
  expect(image.body.message).toMatch(/imageId: image agb-other-image/);
  const sid = await a.createSession();
  const set = await a.post("/sdk/SetLabel", { sessionId: sid, Labels: JSON.stringify({ a: "1", b: "2", c: "3" }) });
  expect(set.body.message).toMatch(/Labels: at most 2 labels/);
  await local.control.setStrictness({ labelLimits: null, imageAllowList: null });
  expect((await create({ toolong: "long-value", c: "3", d: "4" }, "any-image")).status).toBe(200);
});

test("bad strictness is a 400 naming the field; the default server is permissive", async () => {
  const res = await fetch(`${local.url}/_local/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ strictness: { labelLimits: { maxCount: 0 } } }),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: string }).error).toMatch(/strictness\.labelLimits\.maxCount/);
  const plain = await start();
  try {
    expect((await plain.control.config()).strictness).toEqual({});
    expect((await call(plain.url, "any-key", "GET", "/sdk/ListSession")).status).toBe(200);
  } finally {
    await plain.close();
  }
});

test("the CLI flags set the same options; a bad limit is refused at start", async () => {
  const proc = await spawnAgbLocal([
    "--api-keys",
    "akm-a,akm-b",
    "--images",
    "agb-code-space-1",
    "--strict-labels",
    "--label-max-count",
    "3",
  ]);
  try {
    const config = (await (await fetch(`${proc.url}/_local/config`)).json()) as { strictness: unknown };
    expect(config.strictness).toEqual({
      apiKeyHashes: [keyHash("akm-a"), keyHash("akm-b")],
      imageAllowList: ["agb-code-space-1"],
      labelLimits: { maxKeyLength: 128, maxValueLength: 256, maxCount: 3 },
    });
    expect((await call(proc.url, "akm-c", "GET", "/sdk/ListSession")).status).toBe(403);
    expect((await call(proc.url, "akm-b", "GET", "/sdk/ListSession")).status).toBe(200);
  } finally {
    proc.child.kill("SIGTERM");
    await proc.exited;
  }
  const bad = await spawnAgbLocal(["--label-max-count", "0"]).then(
    async (p) => {
      p.child.kill("SIGKILL");
      return "started";
    },
    (err: Error) => err.message,
  );
  expect(bad).toMatch(/strictness\.labelLimits\.maxCount: must be an integer >= 1/);
});

function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}
