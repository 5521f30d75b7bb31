/**
 * `agb.ContextFile` through the real dynamic provider host (gRPC, as the engine drives it) against
 * agb-local: check refusals naming the field, upload by content and by streamed source, in-place
 * re-upload on a content change, replacement on a path or context change, drift, delete.
 */
import { randomBytes, createHash } from "node:crypto";
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONTEXT_FILE_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { directClient } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";

jest.setTimeout(120_000);

const URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:ContextFile::seed";
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const fixture = useHostAndLocal();
let contextId: string;
let otherContextId: string;

beforeAll(async () => {
  contextId = (await directClient(fixture.local.url).getContext({ name: "files", allowCreate: true })).id;
  otherContextId = (await directClient(fixture.local.url).getContext({ name: "other", allowCreate: true })).id;
});

const news = (extra: Record<string, unknown>) => ({ __provider: CONTEXT_FILE_PROVIDER_TEXT, contextId, path: "/data/seed.txt", ...extra });
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function download(ctx: string, path: string): Promise<Buffer> {
  const { url } = await directClient(fixture.local.url).getContextFileDownloadUrl(ctx, path);
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function listed(ctx: string, folder: string): Promise<string[]> {
  return (await directClient(fixture.local.url).describeContextFiles({ contextId: ctx, parentFolderPath: folder })).files.map(
    (f) => f.filePath,
  );
}

async function checked(extra: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const r = await fixture.host.check(URN, olds, news(extra));
  expect(r.failures).toEqual([]);
  return r.inputs;
}

test("check refuses bad inputs, naming the field, before any call", async () => {
  mkdirSync(join(fixture.program.dir, "a-folder"), { recursive: true });
  const before = (await fixture.local.control.counters()).requests;
  const failures = async (extra: Record<string, unknown>) => (await fixture.host.check(URN, {}, news(extra))).failures;
  expect(await failures({ source: "x.txt", content: "x" })).toEqual([
    { property: "source", reason: expect.stringMatching(/either source .* or content .* not both/) },
  ]);
  expect(await failures({})).toEqual([{ property: "source", reason: expect.stringMatching(/^required: either source/) }]);
  expect(await failures({ source: "missing.txt" })).toEqual([{ property: "source", reason: "no such file: missing.txt" }]);
  expect(await failures({ source: "a-folder" })).toEqual([{ property: "source", reason: "a-folder is not a regular file" }]);
  expect(await failures({ content: "x", path: "/data/../etc/passwd" })).toEqual([
    { property: "path", reason: expect.stringMatching(/inside the context: `\.\.`/) },
  ]);
  expect(await failures({ content: "x", path: "/data/" })).toEqual([{ property: "path", reason: expect.stringMatching(/not a folder/) }]);
  expect(await failures({ content: 7 })).toEqual([{ property: "content", reason: "must be a string" }]);
  const { contextId: _omitted, ...withoutContext } = news({ content: "x" });
  expect((await fixture.host.check(URN, {}, withoutContext)).failures).toEqual([
    { property: "contextId", reason: expect.stringMatching(/^required: the id of the context/) },
  ]);
  expect(await failures({ content: "x", extra: 1 })).toEqual([{ property: "extra", reason: "unknown field" }]);
  // Over the 512 MiB limit (a sparse file: no disk space used, refused before any byte is read).
  const huge = join(fixture.program.dir, "huge.bin");
  writeFileSync(huge, "");
  truncateSync(huge, 512 * 1024 * 1024 + 1);
  expect(await failures({ source: "huge.bin" })).toEqual([
    { property: "source", reason: `huge.bin has ${512 * 1024 * 1024 + 1} bytes; the limit is ${512 * 1024 * 1024} (512 MiB)` },
  ]);
  // Preview unknowns pass; content gets no hash in the inputs (it may be a secret).
  const previewed = await fixture.host.check(URN, {}, news({ contextId: U, content: U }));
  expect(previewed.failures).toEqual([]);
  expect(previewed.inputs).not.toHaveProperty("sha256");
  expect((await fixture.local.control.counters()).requests).toEqual(before);
});

test("content: create uploads, a change re-uploads in place, path or context change replaces, delete removes", async () => {
  const first = await checked({ content: "hello v1", path: "data/seed.txt" });
  expect(first).toMatchObject({ path: "/data/seed.txt" });
  // Neither digest nor size of content in the inputs (content may be a secret); the outputs have them.
  expect([first.sha256, first.size]).toEqual([undefined, undefined]);
  const created = await fixture.host.create(URN, first);
  expect(created.id).toBe(`${contextId}:/data/seed.txt`);
  expect(created.properties).toMatchObject({
    contextId,
    path: "/data/seed.txt",
    sha256: sha("hello v1"),
    size: 8,
    endpoint: fixture.local.url,
    __provider: CONTEXT_FILE_PROVIDER_TEXT,
  });
  expect((await download(contextId, "/data/seed.txt")).toString()).toBe("hello v1");

  expect(await fixture.host.diff(URN, created.id, created.properties, first)).toEqual({
    changes: "none",
    replaces: [],
    deleteBeforeReplace: false,
  });
  const second = await checked({ content: "hello v2, longer" }, first);
  expect(await fixture.host.diff(URN, created.id, created.properties, second)).toEqual({
    changes: "some",
    replaces: [],
    deleteBeforeReplace: false,
  });
  const updated = await fixture.host.update(URN, created.id, created.properties, second);
  expect(updated.properties).toMatchObject({ sha256: sha("hello v2, longer"), size: 16 });
  expect((await download(contextId, "/data/seed.txt")).toString()).toBe("hello v2, longer");

  const moved = await checked({ content: "hello v2, longer", path: "/data/other.txt" }, second);
  expect((await fixture.host.diff(URN, created.id, updated.properties, moved)).replaces).toEqual(["path"]);
  const elsewhere = await checked({ content: "hello v2, longer", contextId: otherContextId }, second);
  expect((await fixture.host.diff(URN, created.id, updated.properties, elsewhere)).replaces).toEqual(["contextId"]);

  await fixture.host.delete(URN, created.id, updated.properties);
  expect(await listed(contextId, "/data")).toEqual([]);
  await fixture.host.delete(URN, created.id, updated.properties); // already gone: still a success
  expect((await fixture.host.read(URN, created.id, updated.properties)).id).toBe("");
});

test("source: a multi-MiB file streams up byte for byte; a changed file shows as a diff and uploads again", async () => {
  const file = join(fixture.program.dir, "big.bin");
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  writeFileSync(file, bytes);
  const inputs = await checked({ source: "big.bin", path: "/blobs/big.bin" }); // relative to the program directory
  expect(inputs).toMatchObject({ sha256: sha(bytes), size: bytes.length });
  const created = await fixture.host.create(URN, inputs);
  expect(sha(await download(contextId, "/blobs/big.bin"))).toBe(sha(bytes));

  const changed = Buffer.concat([bytes, Buffer.from("tail")]);
  writeFileSync(file, changed);
  const again = await checked({ source: "big.bin", path: "/blobs/big.bin" }, inputs);
  expect(await fixture.host.diff(URN, created.id, created.properties, again)).toEqual({
    changes: "some",
    replaces: [],
    deleteBeforeReplace: false,
  });
  const updated = await fixture.host.update(URN, created.id, created.properties, again);
  expect(updated.properties).toMatchObject({ sha256: sha(changed), size: changed.length });
  expect(sha(await download(contextId, "/blobs/big.bin"))).toBe(sha(changed));
  await fixture.host.delete(URN, created.id, updated.properties);
});

test("refresh: a file changed out of band is drift that the next up repairs; one deleted out of band is gone", async () => {
  const inputs = await checked({ content: "original", path: "/drift/a.txt" });
  const created = await fixture.host.create(URN, inputs);
  expect((await fixture.host.read(URN, created.id, created.properties)).properties.sha256).toBe(sha("original"));

  // Someone overwrites it through the API.
  const api = directClient(fixture.local.url);
  const { url } = await api.getContextFileUploadUrl(contextId, "/drift/a.txt");
  expect((await fetch(url, { method: "PUT", body: "tampered with!", signal: AbortSignal.timeout(30_000) })).status).toBe(200);
  const read = await fixture.host.read(URN, created.id, created.properties);
  expect(read.id).toBe(created.id);
  expect(read.properties).toMatchObject({ sha256: "changed-out-of-band", size: 14 });
  expect(read.inputs).not.toHaveProperty("sha256"); // content's digest stays out of the inputs
  const plan = await fixture.host.diff(
    URN,
    created.id,
    read.properties,
    await checked({ content: "original", path: "/drift/a.txt" }, read.inputs),
  );
  expect(plan).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const repaired = await fixture.host.update(URN, created.id, read.properties, inputs);
  expect((await download(contextId, "/drift/a.txt")).toString()).toBe("original");
  expect((await fixture.host.read(URN, created.id, repaired.properties)).properties.sha256).toBe(sha("original"));

  await api.deleteContextFile(contextId, "/drift/a.txt");
  expect((await fixture.host.read(URN, created.id, repaired.properties)).id).toBe("");
});

test("read finds a file on a later DescribeContextFiles page (more than 100 entries in its folder)", async () => {
  const api = directClient(fixture.local.url);
  for (let i = 0; i < 105; i++) {
    const { url } = await api.getContextFileUploadUrl(contextId, `/many/f${String(i).padStart(3, "0")}.txt`);
    expect((await fetch(url, { method: "PUT", body: `n${i}`, signal: AbortSignal.timeout(30_000) })).status).toBe(200);
  }
  const created = await fixture.host.create(URN, await checked({ content: "last", path: "/many/zz-last.txt" }));
  const firstPage = await api.describeContextFiles({ contextId, parentFolderPath: "/many", pageNumber: 1, pageSize: 100 });
  expect(firstPage.count).toBe(106);
  expect(firstPage.files.map((f) => f.filePath)).not.toContain("/many/zz-last.txt");
  const read = await fixture.host.read(URN, created.id, created.properties);
  expect(read.id).toBe(created.id);
  expect(read.properties.sha256).toBe(sha("last"));
  await fixture.host.delete(URN, created.id, created.properties);
  expect((await fixture.host.read(URN, created.id, created.properties)).id).toBe("");
});

test("an upload the object store refuses (5xx) or drops is retried with a fresh URL; a lasting failure names the file, not the URL", async () => {
  // `skip: 1` lets each create's first upload through: its write mark (write-claim.ts).
  await fixture.local.control.injectFault({
    operation: "FileUpload",
    mode: "error",
    httpStatus: 503,
    code: "ServiceUnavailable",
    count: 1,
    skip: 1,
  });
  const urlsBefore = (await fixture.local.control.counters()).requests.GetContextFileUploadUrl ?? 0;
  const created = await fixture.host.create(URN, await checked({ content: "retried", path: "/retry/a.txt" }));
  expect((await download(contextId, "/retry/a.txt")).toString()).toBe("retried");
  expect((await fixture.local.control.counters()).requests.GetContextFileUploadUrl).toBe(urlsBefore + 3); // the mark, the file twice
  await fixture.host.delete(URN, created.id, created.properties);

  await fixture.local.control.injectFault({ operation: "FileUpload", mode: "reset", count: 3, skip: 1 });
  const failed = await fixture.host.create(URN, await checked({ content: "never", path: "/retry/b.txt" })).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(failed?.message).toMatch(/Uploading \/retry\/b\.txt into context .* failed after 3 attempts: connection failed/);
  expect(failed?.message).not.toContain("/_files/");
  await fixture.local.control.clearFaults();
  expect(await listed(contextId, "/retry")).toEqual([]);
});
