/**
 * The claim a ContextFile create takes on its path against creates of other stacks (write-claim.ts),
 * through two real dynamic provider hosts (two processes, as two stacks' deployments are) against
 * agb-local: at most one of two creates at the same moment writes, the other is refused naming the
 * path; a mark left by a create cut short refuses its path for two hours on AGB's clock and is
 * cleared past them; adoptExisting takes the path over at once and clears the marks.
 */
import { CONTEXT_FILE_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { WRITING_FOLDER, pathKey } from "../../dist/resources/context-file/write-claim";
import { directClient } from "../support/handler-helpers";
import { untilHeld } from "../support/held-faults";
import { useHostAndLocal } from "../support/host-fixture";

jest.setTimeout(300_000);

const URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:ContextFile::seed";
const fixture = useHostAndLocal();
let contextId: string;

beforeAll(async () => {
  contextId = (await directClient(fixture.local.url).getContext({ name: "claims", allowCreate: true })).id;
});

const news = (path: string, extra: Record<string, unknown> = {}) => ({
  __provider: CONTEXT_FILE_PROVIDER_TEXT,
  contextId,
  path,
  content: `bytes of ${path}`,
  ...extra,
});

async function listed(folder: string): Promise<string[]> {
  const { files } = await directClient(fixture.local.url).describeContextFiles({ contextId, parentFolderPath: folder });
  return files.filter((f) => f.fileType !== "folder").map((f) => f.filePath);
}

/** A mark as a create cut short leaves it: written, never deleted. */
async function leaveMark(path: string): Promise<string> {
  const name = `${pathKey(path)}.0123456789abcdef`;
  const api = directClient(fixture.local.url);
  const { url } = await api.getContextFileUploadUrl(contextId, `${WRITING_FOLDER}/${name}`);
  expect((await fetch(url, { method: "PUT", body: "left", signal: AbortSignal.timeout(30_000) })).status).toBe(200);
  return name;
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "written",
    (err: Error) => err.message,
  );

test("two hosts (two stacks) create one path at the same moment: at most one writes, the other is refused naming the path; a later create of the refused one is refused as the path is taken", async () => {
  const [a, b] = [fixture.host, await fixture.startHost()];
  const checked = await a.check(URN, {}, news("/same/seed.txt"));
  expect(checked.failures).toEqual([]);
  // Both creates' first upload-URL requests (their marks') are held, then let go together.
  const { id } = await fixture.local.control.injectFault({ operation: "GetContextFileUploadUrl", mode: "hold", count: 2, holdMs: 120_000 });
  const creates = [a, b].map((host) => outcome(host.create(URN, checked.inputs)));
  await untilHeld(fixture.local.control, id, 2);
  expect(await fixture.local.control.releaseHeld(id)).toEqual({ released: 2 });
  const results = await Promise.all(creates);

  const written = results.filter((r) => r === "written").length;
  expect(written).toBeLessThanOrEqual(1);
  // A create that lists after the other has finished sees its file instead of its mark.
  for (const refusal of results.filter((r) => r !== "written")) {
    expect(refusal).toMatch(
      /^(Another create is writing \/same\/seed\.txt in context .*nothing was written|A file already exists at \/same\/seed\.txt ).*adoptExisting: true/,
    );
  }
  expect(await listed("/same")).toHaveLength(written);
  expect(await listed(WRITING_FOLDER)).toEqual([]); // no create leaves its mark

  // The refused ones again, one after the other: one file in the end, the rest refused as taken.
  const again = [];
  for (const host of [a, b].filter((_, i) => results[i] !== "written")) again.push(await outcome(host.create(URN, checked.inputs)));
  const writtenInAll = written + again.filter((r) => r === "written").length;
  expect(writtenInAll).toBe(1);
  for (const refusal of again.filter((r) => r !== "written")) expect(refusal).toMatch(/^A file already exists at \/same\/seed\.txt/);
  expect(await listed("/same")).toEqual(["/same/seed.txt"]);
});

test("a mark left by a create cut short refuses its path, naming the mark, and is cleared by a create two hours later (agb-local's clock)", async () => {
  const left = await leaveMark("/cut/seed.txt");
  const checked = await fixture.host.check(URN, {}, news("/cut/seed.txt"));
  const refused = await outcome(fixture.host.create(URN, checked.inputs));
  expect(refused).toContain(`Another create is writing /cut/seed.txt in context ${contextId}, or one was cut short`);
  expect(refused).toContain(`${WRITING_FOLDER}/${left}`);
  expect(await listed("/cut")).toEqual([]);
  expect(await listed(WRITING_FOLDER)).toEqual([`${WRITING_FOLDER}/${left}`]); // only the left one: the create removed its own

  await fixture.local.control.advanceClock(2 * 60 * 60 * 1000 + 60_000);
  const created = await fixture.host.create(URN, checked.inputs);
  expect(created.id).toBe(`${contextId}:/cut/seed.txt`);
  expect(await listed(WRITING_FOLDER)).toEqual([]);
  expect(await listed("/cut")).toEqual(["/cut/seed.txt"]);
});

test("adoptExisting takes a path with a young mark over at once and clears the path's marks (not another path's)", async () => {
  const left = await leaveMark("/adopt/seed.txt");
  const elsewhere = await leaveMark("/adopt/other.txt");
  const checked = await fixture.host.check(URN, {}, news("/adopt/seed.txt", { adoptExisting: true }));
  const created = await fixture.host.create(URN, checked.inputs);
  expect(created.id).toBe(`${contextId}:/adopt/seed.txt`);
  const marks = await listed(WRITING_FOLDER);
  expect(marks).not.toContain(`${WRITING_FOLDER}/${left}`);
  expect(marks).toEqual([`${WRITING_FOLDER}/${elsewhere}`]);
});

test("a mark that cannot be deleted once the file is written: the create still answers, so the file is recorded; the mark stays and holds only its path", async () => {
  const checked = await fixture.host.check(URN, {}, news("/stuck/seed.txt"));
  // Every delete is refused for good (400, never retried) while the create runs.
  await fixture.local.control.injectFault({
    operation: "DeleteContextFile",
    mode: "error",
    httpStatus: 400,
    code: "InvalidParameter.Stuck",
  });
  const created = await fixture.host.create(URN, checked.inputs);
  await fixture.local.control.clearFaults();
  expect(created.id).toBe(`${contextId}:/stuck/seed.txt`);
  expect(await listed("/stuck")).toEqual(["/stuck/seed.txt"]);
  const marks = (await listed(WRITING_FOLDER)).filter((m) => m.startsWith(`${WRITING_FOLDER}/${pathKey("/stuck/seed.txt")}.`));
  expect(marks).toHaveLength(1);
  // Another path is not held by it.
  const other = await fixture.host.create(URN, (await fixture.host.check(URN, {}, news("/stuck/other.txt"))).inputs);
  expect(other.id).toBe(`${contextId}:/stuck/other.txt`);
});
