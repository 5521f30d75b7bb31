/**
 * `agb.BrowserExtension` through the real dynamic provider host against agb-local: a zip lands in
 * `/tmp/extensions/ext_<32 hex>.zip` under an id drawn at create (the same zip again: no change),
 * new bytes mean a new id (replace), non-zips and missing files are refused at check.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BROWSER_EXTENSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { zipFolder } from "../../examples/browser-extensions/zip-folder";
import { directClient } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";

jest.setTimeout(120_000);

const URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:BrowserExtension::hello";
const fixture = useHostAndLocal();
let contextId: string;

beforeAll(async () => {
  contextId = (await directClient(fixture.local.url).getContext({ name: "extensions", allowCreate: true })).id;
});

/** A tiny extension folder zipped into the program directory. */
function makeZip(name: string, script: string): string {
  const folder = join(fixture.program.dir, `${name}-src`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "manifest.json"), JSON.stringify({ manifest_version: 3, name, version: "1.0" }));
  writeFileSync(join(folder, "content.js"), script);
  zipFolder(folder, join(fixture.program.dir, `${name}.zip`));
  return `${name}.zip`;
}

const news = (source: string, extra: Record<string, unknown> = {}) => ({
  __provider: BROWSER_EXTENSION_PROVIDER_TEXT,
  contextId,
  source,
  ...extra,
});

async function extensionFiles(): Promise<string[]> {
  return (await directClient(fixture.local.url).describeContextFiles({ contextId, parentFolderPath: "/tmp/extensions" })).files
    .map((f) => f.fileName)
    .sort();
}

test("check refuses a non-zip, a missing file and a missing context id, naming the field", async () => {
  writeFileSync(join(fixture.program.dir, "fake.zip"), "this is not a zip");
  writeFileSync(join(fixture.program.dir, "notes.txt"), "PK\u0003\u0004 but named .txt");
  const failures = async (n: Record<string, unknown>) => (await fixture.host.check(URN, {}, n)).failures;
  expect(await failures(news("fake.zip"))).toEqual([
    { property: "source", reason: "fake.zip is not a zip archive (its first bytes are not a zip signature)" },
  ]);
  expect(await failures(news("notes.txt"))).toEqual([{ property: "source", reason: expect.stringMatching(/^must be a \.zip file/) }]);
  expect(await failures(news("absent.zip"))).toEqual([{ property: "source", reason: "no such file: absent.zip" }]);
  expect(await failures({ __provider: BROWSER_EXTENSION_PROVIDER_TEXT, source: "absent.zip" })).toEqual([
    { property: "contextId", reason: expect.stringMatching(/^required/) },
  ]);
});

test("upload under a drawn id; the same zip again is no change, new bytes replace; delete removes the file", async () => {
  const source = makeZip("hello", "document.title = 'v1';");
  const zipSha = createHash("sha256")
    .update(require("node:fs").readFileSync(join(fixture.program.dir, source)))
    .digest("hex");
  const inputs = (await fixture.host.check(URN, {}, news(source))).inputs;
  expect(inputs).toMatchObject({ sha256: zipSha });
  const created = await fixture.host.create(URN, inputs);
  const id = created.properties.extensionId as string;
  expect(id).toMatch(/^ext_[0-9a-f]{32}\.zip$/);
  expect(created.properties).toMatchObject({ contextId, path: `/tmp/extensions/${id}`, __provider: BROWSER_EXTENSION_PROVIDER_TEXT });
  expect(await extensionFiles()).toEqual([id]);

  // Zipping the same folder again gives the same bytes, so nothing changes.
  makeZip("hello", "document.title = 'v1';");
  const same = (await fixture.host.check(URN, inputs, news(source))).inputs;
  expect(await fixture.host.diff(URN, created.id, created.properties, same)).toEqual({
    changes: "none",
    replaces: [],
    deleteBeforeReplace: false,
  });
  expect((await fixture.host.read(URN, created.id, created.properties)).properties.extensionId).toBe(id);

  // New code: a replacement under a new id (the old file stays until the old resource is deleted).
  makeZip("hello", "document.title = 'v2';");
  const changed = (await fixture.host.check(URN, inputs, news(source))).inputs;
  const plan = await fixture.host.diff(URN, created.id, created.properties, changed);
  expect(plan.replaces).toEqual(["sha256"]);
  const replacement = await fixture.host.create(URN, changed);
  expect(replacement.properties.extensionId).not.toBe(id);
  await fixture.host.delete(URN, created.id, created.properties);
  expect(await extensionFiles()).toEqual([replacement.properties.extensionId]);
  await fixture.host.delete(URN, replacement.id, replacement.properties);
  expect(await extensionFiles()).toEqual([]);
});
