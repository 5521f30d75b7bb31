/**
 * One holder for every context, context file and extension file, through the real dynamic provider
 * host against agb-local: two creates of one context name at the same moment (one host = one
 * stack's deployment; two hosts = two stacks on one account), a file already at a ContextFile's
 * path, two ContextFiles at one path, and two BrowserExtensions from one zip. Each test counts what
 * AGB holds against what the resources recorded: shared, deleted while held and leaked are 0.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BROWSER_EXTENSION_PROVIDER_TEXT, CONTEXT_FILE_PROVIDER_TEXT, CONTEXT_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { zipFolder } from "../../examples/browser-extensions/zip-folder";
import { directClient } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";

jest.setTimeout(180_000);

const CONTEXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::work";
const FILE_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:ContextFile::seed";
const EXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:BrowserExtension::ext";
const fixture = useHostAndLocal();

type Host = typeof fixture.host;
type Created = { id: string; properties: Record<string, unknown> };

/** Check + create of a Context through a host; a refusal resolves to its Error. */
async function createContext(host: Host, args: Record<string, unknown>): Promise<Created | Error> {
  const { inputs, failures } = await host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, ...args });
  expect(failures).toEqual([]);
  return host.create(CONTEXT_URN, inputs).catch((err: Error) => err);
}

/** What a set of create results and AGB's contexts say about ownership. */
async function contextCounts(results: Array<Created | Error>) {
  const recorded = results.filter((r): r is Created => !(r instanceof Error)).map((r) => r.id);
  const live = (await fixture.local.control.contexts()).map((c) => c.id);
  return {
    created: live.length,
    recorded: recorded.length,
    shared: recorded.length - new Set(recorded).size,
    leaked: live.filter((id) => !recorded.includes(id)).length,
  };
}

async function cleanContexts(): Promise<void> {
  const client = directClient(fixture.local.url);
  for (const c of await fixture.local.control.contexts()) await client.deleteContext(c.id);
}

test("two Contexts with one name created at once in one deployment: one holds it, the other is refused", async () => {
  await cleanContexts();
  const results = await Promise.all([createContext(fixture.host, { name: "twin" }), createContext(fixture.host, { name: "twin" })]);
  expect(await contextCounts(results)).toEqual({ created: 1, recorded: 1, shared: 0, leaked: 0 });
  const refused = results.find((r): r is Error => r instanceof Error)!;
  expect(refused.message).toMatch(/"twin"/);

  // adoptExisting on the second does not let it share the context within the deployment.
  const adopter = await createContext(fixture.host, { name: "twin", adoptExisting: true });
  expect(adopter).toBeInstanceOf(Error);
  expect((adopter as Error).message).toMatch(/two resources must not hold one context/);
  expect(await contextCounts(results)).toEqual({ created: 1, recorded: 1, shared: 0, leaked: 0 });
});

test("two stacks (two hosts, one account) create the same names at once: exactly one gets each; the other names the holder", async () => {
  await cleanContexts();
  const other = await fixture.startHost();
  // Both hosts have loaded the provider module and made their client before the race.
  for (const h of [fixture.host, other]) {
    const warm = (await createContext(h, { name: `warm-${Math.random()}` })) as Created;
    await h.delete(CONTEXT_URN, warm.id, warm.properties);
  }
  const names = ["team-a", "team-b", "team-c"];
  const results = await Promise.all(names.flatMap((name) => [createContext(fixture.host, { name }), createContext(other, { name })]));
  expect(await contextCounts(results)).toEqual({ created: 3, recorded: 3, shared: 0, leaked: 0 });
  for (const [i, name] of names.entries()) {
    const pair = results.slice(2 * i, 2 * i + 2);
    const winner = pair.find((r): r is Created => !(r instanceof Error))!;
    const refused = pair.find((r): r is Error => r instanceof Error)!;
    expect(refused.message).toContain(`A context named "${name}" already exists (id ${winner.id})`);
    expect(refused.message).toContain("adoptExisting: true");
  }
  // The losers' own scratch contexts are gone: only the winners remain, under the wanted names.
  expect((await fixture.local.control.contexts()).map((c) => c.name).sort()).toEqual(names);
  await other.close();
});

test("lost answers of the Context create (GetContext, ModifyContext: committed, answer dropped): one context, recorded once", async () => {
  for (const operation of ["GetContext", "ModifyContext"]) {
    await cleanContexts();
    const fault = await fixture.local.control.injectFault({ operation, mode: "commit-then-drop", count: 1 });
    const result = await createContext(fixture.host, { name: `lost-${operation}` });
    expect((await fixture.local.control.faults()).find((f) => f.id === fault.id)?.fired).toBe(1);
    expect({ operation, ...(await contextCounts([result])) }).toEqual({ operation, created: 1, recorded: 1, shared: 0, leaked: 0 });
    expect((await fixture.local.control.contexts()).map((c) => c.name)).toEqual([`lost-${operation}`]);
  }
});

test("a Context create that fails after its first call (ModifyContext refused): nothing recorded, nothing left", async () => {
  await cleanContexts();
  await fixture.local.control.injectFault({
    operation: "ModifyContext",
    mode: "error",
    httpStatus: 400,
    code: "InvalidParameter",
    count: 1,
  });
  const result = await createContext(fixture.host, { name: "refused-rename" });
  expect(result).toBeInstanceOf(Error);
  expect(await contextCounts([result])).toEqual({ created: 0, recorded: 0, shared: 0, leaked: 0 });
  // The name is free again for the next create of this deployment.
  expect(await contextCounts([await createContext(fixture.host, { name: "refused-rename" })])).toEqual({
    created: 1,
    recorded: 1,
    shared: 0,
    leaked: 0,
  });
});

/** Check + create of a ContextFile; a refusal resolves to its Error. */
async function createFile(host: Host, contextId: string, args: Record<string, unknown>): Promise<Created | Error> {
  const { inputs, failures } = await host.check(
    FILE_URN,
    {},
    { __provider: CONTEXT_FILE_PROVIDER_TEXT, contextId, path: "/data/seed.txt", ...args },
  );
  expect(failures).toEqual([]);
  return host.create(FILE_URN, inputs).catch((err: Error) => err);
}

async function readFile(contextId: string, path: string): Promise<string | undefined> {
  const client = directClient(fixture.local.url);
  const listed = (await client.describeContextFiles({ contextId, parentFolderPath: "/data" })).files.map((f) => f.filePath);
  if (!listed.includes(path)) return undefined;
  const { url } = await client.getContextFileDownloadUrl(contextId, path);
  return (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
}

test("ContextFile: a file already at the path is refused (named, untouched) unless adoptExisting", async () => {
  const contextId = (await directClient(fixture.local.url).getContext({ name: "files-existing", allowCreate: true })).id;
  const { url } = await directClient(fixture.local.url).getContextFileUploadUrl(contextId, "/data/seed.txt");
  expect((await fetch(url, { method: "PUT", body: "theirs" })).ok).toBe(true);

  const refused = await createFile(fixture.host, contextId, { content: "ours" });
  expect(refused).toBeInstanceOf(Error);
  expect((refused as Error).message).toContain(`A file already exists at /data/seed.txt in context ${contextId} (6 bytes)`);
  expect((refused as Error).message).toContain("adoptExisting: true");
  expect(await readFile(contextId, "/data/seed.txt")).toBe("theirs");

  const adopted = (await createFile(fixture.host, contextId, { content: "ours", adoptExisting: true })) as Created;
  expect(adopted.properties).toMatchObject({ adoptExisting: true });
  expect(await readFile(contextId, "/data/seed.txt")).toBe("ours");
  await fixture.host.delete(FILE_URN, adopted.id, adopted.properties);
  expect(await readFile(contextId, "/data/seed.txt")).toBeUndefined();
});

test("ContextFile: a lost upload answer (stored, connection dropped) gives one file; a refused upload records nothing and frees the path", async () => {
  const contextId = (await directClient(fixture.local.url).getContext({ name: "files-faults", allowCreate: true })).id;
  const lost = await fixture.local.control.injectFault({ operation: "FileUpload", mode: "commit-then-drop", count: 1 });
  const created = (await createFile(fixture.host, contextId, { content: "kept" })) as Created;
  expect((await fixture.local.control.faults()).find((f) => f.id === lost.id)?.fired).toBe(1);
  expect(created.id).toBe(`${contextId}:/data/seed.txt`);
  expect(await readFile(contextId, "/data/seed.txt")).toBe("kept");
  await fixture.host.delete(FILE_URN, created.id, created.properties);

  await fixture.local.control.injectFault({ operation: "FileUpload", mode: "error", httpStatus: 400, code: "InvalidParameter", count: 1 });
  const refused = await createFile(fixture.host, contextId, { content: "refused" });
  expect(refused).toBeInstanceOf(Error);
  expect(await readFile(contextId, "/data/seed.txt")).toBeUndefined();
  const again = (await createFile(fixture.host, contextId, { content: "again" })) as Created;
  expect(await readFile(contextId, "/data/seed.txt")).toBe("again");
  await fixture.host.delete(FILE_URN, again.id, again.properties);
});

test("ContextFile replaced delete-first in one deployment: a listing that still shows the deleted file does not refuse the new one", async () => {
  const contextId = (await directClient(fixture.local.url).getContext({ name: "files-lag", allowCreate: true })).id;
  const host = await fixture.startHost(); // one deployment: `pulumi up --replace` of the file
  const old = (await createFile(host, contextId, { content: "old" })) as Created;
  await host.delete(FILE_URN, old.id, old.properties);
  // AGB's listing may lag a delete (docs/agb-protocol.md §13); agb-local has no such lag, so the file is put back.
  const { url } = await directClient(fixture.local.url).getContextFileUploadUrl(contextId, "/data/seed.txt");
  expect((await fetch(url, { method: "PUT", body: "stale" })).ok).toBe(true);
  const replacement = (await createFile(host, contextId, { content: "new" })) as Created;
  expect(replacement).not.toBeInstanceOf(Error);
  expect(await readFile(contextId, "/data/seed.txt")).toBe("new");
  // Another deployment that did not delete it is refused as before.
  const later = await createFile(fixture.host, contextId, { content: "other" });
  expect(later).toBeInstanceOf(Error);
  await host.delete(FILE_URN, replacement.id, replacement.properties);
  await host.close();
});

test("two ContextFiles at one path in one deployment: one writes it, the other is refused; nothing is overwritten or deleted while held", async () => {
  const contextId = (await directClient(fixture.local.url).getContext({ name: "files-twins", allowCreate: true })).id;
  const results = await Promise.all([
    createFile(fixture.host, contextId, { content: "first" }),
    createFile(fixture.host, contextId, { content: "second" }),
  ]);
  const recorded = results.filter((r): r is Created => !(r instanceof Error));
  expect({ recorded: recorded.length, refused: results.length - recorded.length }).toEqual({ recorded: 1, refused: 1 });
  expect((results.find((r) => r instanceof Error) as Error).message).toMatch(/two resources must not hold one file/);
  expect(await readFile(contextId, "/data/seed.txt")).toBe(recorded[0].properties.content);

  // A replacement that adopts the file before the old resource is deleted (deleteBeforeReplace: false):
  // the old resource's delete leaves the file to its new holder.
  const replacement = (await createFile(fixture.host, contextId, { content: "third", adoptExisting: true })) as Error;
  expect(replacement).toBeInstanceOf(Error); // still held by the first in this deployment
  const next = await fixture.startHost(); // the next deployment
  const adopting = (await createFile(next, contextId, { content: "third", adoptExisting: true })) as Created;
  await next.delete(FILE_URN, recorded[0].id, recorded[0].properties);
  expect(await readFile(contextId, "/data/seed.txt")).toBe("third");
  await next.delete(FILE_URN, adopting.id, adopting.properties);
  expect(await readFile(contextId, "/data/seed.txt")).toBeUndefined();
  await next.close();
});

test("two BrowserExtensions from one zip: one file each; deleting one leaves the other's", async () => {
  const contextId = (await directClient(fixture.local.url).getContext({ name: "extensions", allowCreate: true })).id;
  const folder = join(fixture.program.dir, "twin-src");
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "manifest.json"), JSON.stringify({ manifest_version: 3, name: "twin", version: "1.0" }));
  zipFolder(folder, join(fixture.program.dir, "twin.zip"));
  const make = async (): Promise<Created> => {
    const { inputs } = await fixture.host.check(
      EXT_URN,
      {},
      { __provider: BROWSER_EXTENSION_PROVIDER_TEXT, contextId, source: "twin.zip" },
    );
    return fixture.host.create(EXT_URN, inputs);
  };
  const [a, b] = await Promise.all([make(), make()]);
  const files = async () =>
    (await directClient(fixture.local.url).describeContextFiles({ contextId, parentFolderPath: "/tmp/extensions" })).files
      .map((f) => f.fileName)
      .sort();
  const recorded = [a.properties.extensionId, b.properties.extensionId] as string[];
  expect({ created: (await files()).length, recorded: recorded.length, shared: recorded.length - new Set(recorded).size }).toEqual({
    created: 2,
    recorded: 2,
    shared: 0,
  });
  // Each saw the other's running mark, and neither reports it: both creates run in this process.
  expect([a.properties.__agbSuspects, b.properties.__agbSuspects]).toEqual([undefined, undefined]);

  await fixture.host.delete(EXT_URN, a.id, a.properties);
  expect(await files()).toEqual([b.properties.extensionId]); // deleted while held: 0
  await fixture.host.delete(EXT_URN, b.id, b.properties);
  expect(await files()).toEqual([]); // leaked: 0
});
