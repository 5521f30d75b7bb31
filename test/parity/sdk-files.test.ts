/**
 * Parity with the official Python SDK (agbcloud-sdk 0.12.0) for what ContextFile, BrowserExtension
 * and the session's extension check rely on: upload/download URLs, DescribeContextFiles paging,
 * DeleteContextFile, and the SDK's ExtensionsService, all against agb-local; files put by the
 * provider are seen by the SDK and an extension the SDK uploaded passes the provider's check.
 * Runs under `npm run test:parity`, which prepares the SDK's venv and passes its Python as PARITY_PYTHON.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { zipFolder } from "../../examples/browser-extensions/zip-folder";
import {
  API_KEY,
  configureFor,
  contextProvider,
  directClient,
  sessionInputs,
  sessionProvider,
  startLocal,
} from "../support/handler-helpers";
import * as fileProvider from "../../dist/providers/context-file";
import type { AgbLocal } from "../../dist/local";

jest.setTimeout(180_000);
const python = process.env.PARITY_PYTHON;
if (!python) throw new Error("PARITY_PYTHON is not set: run this file through `npm run test:parity`");

{
  let local: AgbLocal;
  let work: string;
  beforeAll(async () => {
    local = await startLocal();
    await configureFor(local.url);
    work = mkdtempSync(join(tmpdir(), "agb-sdk-parity-"));
  });
  afterAll(async () => {
    await local?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test("the SDK and the provider see each other's files and extensions on agb-local", async () => {
    const ctx = await contextProvider.create({ name: "parity", adoptExisting: true, forceDestroy: true });
    const file = await fileProvider.check({}, { contextId: ctx.id, path: "/from-pulumi/seed.txt", content: "from pulumi" });
    await fileProvider.create(file.inputs);
    mkdirSync(join(work, "ext"));
    writeFileSync(join(work, "ext", "manifest.json"), JSON.stringify({ manifest_version: 3, name: "parity", version: "1.0" }));
    const zip = zipFolder(join(work, "ext"), join(work, "parity.zip"));

    const { stdout } = await promisify(execFile)(python!, [join(__dirname, "sdk_files_scenario.py"), local.url, API_KEY, zip, "parity"], {
      timeout: 150_000,
    });
    const seen = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(seen.contextId).toBe(ctx.id);
    expect(seen.uploadOk).toEqual([200, 200, 200]);
    expect(seen.expireTimeType).toBe("int");
    expect(seen.count).toBe(3);
    expect([...seen.page1, ...seen.page2]).toEqual([
      ["/sdk/a.txt", 5],
      ["/sdk/b.txt", 6],
      ["/sdk/c.txt", 1],
    ]);
    expect(seen.downloaded).toBe("bravo!");
    expect(seen.deleteOk).toBe(true);
    expect(seen.afterDelete).toEqual(["/sdk/b.txt", "/sdk/c.txt"]);
    expect(seen.providerFiles).toEqual([["/from-pulumi/seed.txt", 11]]);
    expect(seen.extensionId).toMatch(/^ext_[0-9a-f]{32}\.zip$/);
    expect(seen.extensionIds).toEqual([seen.extensionId]);

    // The SDK's extension passes the provider's pre-create check; a made-up id does not.
    const data = await directClient(local.url).getContext({ name: "parity-browser", allowCreate: true });
    const browser = (ids: string[]) =>
      sessionInputs({
        imageId: "agb-browser-use-1",
        browserContext: { contextId: data.id, extensionOption: { contextId: ctx.id, extensionIds: ids } },
      });
    const created = await sessionProvider.create(await browser([seen.extensionId]));
    expect(created.id).toBeTruthy();
    await expect(sessionProvider.create(await browser([`ext_${"0".repeat(32)}.zip`]))).rejects.toThrow(/are not in|is not in/);
  });
}
