/**
 * One holder for every context, context file and extension file under the real CLI (file backends,
 * agb-local): two Contexts with one name in one stack (siblings, and under two parents), two stacks
 * with the same names on one account `up` at once, `up --replace` of a Context and of a ContextFile
 * (the engine calls no Diff and gives Check no olds), two ContextFiles at one path, and two
 * BrowserExtensions from one zip with one removed. Every test counts, for each kind: objects in AGB,
 * recorded in state, shared (one object in two resources), deleted while held (recorded but gone),
 * leaked (in AGB, recorded nowhere).
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf } from "./cli-stack";
import type { ExportedResource } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
const EXTENSION_TYPE = "pulumi-nodejs:dynamic/agb:BrowserExtension";
const agb = useCliAgbLocal();

/** The ownership counts of one kind: `recorded` ids from every stack's state against `live` ids in AGB. */
function counts(recorded: string[], live: string[]) {
  const unique = new Set(recorded);
  return {
    created: live.length,
    recorded: recorded.length,
    shared: recorded.length - unique.size,
    deletedWhileHeld: [...unique].filter((id) => !live.includes(id)).length,
    leaked: live.filter((id) => !unique.has(id)).length,
  };
}

const liveContexts = async () => (await agb.control.contexts()).map((c) => c.id);

async function recorded(stacks: CliStack[], type: string, key: (r: ExportedResource) => string): Promise<string[]> {
  const all: string[] = [];
  for (const s of stacks) all.push(...resourcesOf(await s.exported(), type).map(key));
  return all;
}

/** Files in a folder of a context, as `<contextId>:<path>` (the ContextFile/BrowserExtension resource id). */
async function liveFiles(key: string, contextId: string, folder: string): Promise<string[]> {
  const { files } = await directClient(agb.url, key).describeContextFiles({ contextId, parentFolderPath: folder });
  return files.map((f) => `${contextId}:${f.filePath}`);
}

test("two Contexts with one name in one stack, as siblings and under two parents: one holds it, the up names the other", async () => {
  for (const twin of ["sibling", "parent"]) {
    const key = `akm-cli-twin-${twin}`;
    const s = new CliStack({ programDir: PROGRAM });
    try {
      await s.init(agb.url, key, { "paths:sessions": "0", "paths:twinContext": twin });
      const up = await s.run("up");
      expect({ twin, ok: up.ok }).toEqual({ twin, ok: false });
      expect(up.printed).toMatch(/two resources must not hold one context|already exists/);
      const ids = await recorded([s], CONTEXT_TYPE, (r) => r.id!);
      expect({ twin, ...counts(ids, await liveContexts()) }).toEqual({
        twin,
        created: 1,
        recorded: 1,
        shared: 0,
        deletedWhileHeld: 0,
        leaked: 0,
      });

      await s.ok("destroy");
      expect(await liveContexts()).toEqual([]);
    } finally {
      await s.close();
    }
  }
});

test("two stacks with the same project, stack and names on one account (two backends), up at once: one holds the context; destroying the other leaves it", async () => {
  const key = "akm-cli-two-backends";
  const stacks = [new CliStack({ programDir: PROGRAM }), new CliStack({ programDir: PROGRAM })];
  try {
    for (const s of stacks) await s.init(agb.url, key, { "paths:sessions": "0" });
    const ups = await Promise.all(stacks.map((s) => s.run("up")));
    expect(ups.map((u) => u.ok).sort()).toEqual([false, true]);
    const winner = stacks[ups.findIndex((u) => u.ok)];
    const loser = stacks[ups.findIndex((u) => !u.ok)];
    const [held] = resourcesOf(await winner.exported(), CONTEXT_TYPE);
    expect(ups.find((u) => !u.ok)!.printed).toContain(`already exists (id ${held.id})`);
    expect(counts(await recorded(stacks, CONTEXT_TYPE, (r) => r.id!), await liveContexts())).toEqual({
      created: 1,
      recorded: 1,
      shared: 0,
      deletedWhileHeld: 0,
      leaked: 0,
    });

    await loser.ok("destroy");
    expect(counts(await recorded(stacks, CONTEXT_TYPE, (r) => r.id!), await liveContexts())).toEqual({
      created: 1,
      recorded: 1,
      shared: 0,
      deletedWhileHeld: 0,
      leaked: 0,
    });
    await winner.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    for (const s of stacks) await s.close();
  }
});

test("up --replace of a Context, then of a ContextFile: each ends with one object, recorded once", async () => {
  const key = "akm-cli-replace-objects";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    await s.ok("up");
    const check = async () => {
      const d = await s.exported();
      const [ctx] = resourcesOf(d, CONTEXT_TYPE);
      return {
        contexts: counts(
          resourcesOf(d, CONTEXT_TYPE).map((r) => r.id!),
          await liveContexts(),
        ),
        files: counts(
          resourcesOf(d, FILE_TYPE).map((r) => r.id!),
          await liveFiles(key, ctx.id!, "/data"),
        ),
      };
    };
    const one = { created: 1, recorded: 1, shared: 0, deletedWhileHeld: 0, leaked: 0 };
    const [before] = resourcesOf(await s.exported(), CONTEXT_TYPE);

    await s.must(["up", "--yes", "--skip-preview", "--replace", before.urn, "--stack", s.stack]);
    const [after] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    expect(after.id).not.toBe(before.id);
    expect(await check()).toEqual({ contexts: one, files: one });

    const [file] = resourcesOf(await s.exported(), FILE_TYPE);
    await s.must(["up", "--yes", "--skip-preview", "--replace", file.urn, "--stack", s.stack]);
    expect(await check()).toEqual({ contexts: one, files: one });
    const { url } = await directClient(agb.url, key).getContextFileDownloadUrl(after.id!, "/data/seed.txt");
    expect(await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text()).toBe("seed 0");
    await s.ok("preview", { expectNoChanges: true });
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("two ContextFiles at one path in one stack: one writes it, the up names the other; the file is the recorded one's", async () => {
  const key = "akm-cli-file-twins";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0", "paths:files": "2" });
    const up = await s.run("up");
    expect(up.ok).toBe(false);
    expect(up.printed).toMatch(/two resources must not hold one file|A file already exists at \/data\/seed.txt/);
    const d = await s.exported();
    const [ctx] = resourcesOf(d, CONTEXT_TYPE);
    const files = resourcesOf(d, FILE_TYPE);
    expect(
      counts(
        files.map((r) => r.id!),
        await liveFiles(key, ctx.id!, "/data"),
      ),
    ).toEqual({ created: 1, recorded: 1, shared: 0, deletedWhileHeld: 0, leaked: 0 });
    const { url } = await directClient(agb.url, key).getContextFileDownloadUrl(ctx.id!, "/data/seed.txt");
    expect(await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text()).toBe(files[0].outputs?.content);
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("two BrowserExtensions from one zip: a file each; removing one leaves the other's", async () => {
  const key = "akm-cli-extension-twins";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0", "paths:extensions": "2" });
    await s.ok("up");
    const check = async () => {
      const d = await s.exported();
      const [ctx] = resourcesOf(d, CONTEXT_TYPE);
      return counts(
        resourcesOf(d, EXTENSION_TYPE).map((r) => r.id!),
        await liveFiles(key, ctx.id!, "/tmp/extensions"),
      );
    };
    expect(await check()).toEqual({ created: 2, recorded: 2, shared: 0, deletedWhileHeld: 0, leaked: 0 });

    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1" });
    await s.ok("up");
    expect(await check()).toEqual({ created: 1, recorded: 1, shared: 0, deletedWhileHeld: 0, leaked: 0 });
    await s.ok("preview", { expectNoChanges: true });
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("aliases rename a Context, a ContextFile and a BrowserExtension without a new holder; up --replace and --target of an extension", async () => {
  const key = "akm-cli-aliases";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    const config = { "paths:sessions": "0", "paths:files": "1", "paths:extensions": "1" };
    await s.init(agb.url, key, config);
    await s.ok("up");
    const state = async () => {
      const d = await s.exported();
      const [ctx] = resourcesOf(d, CONTEXT_TYPE);
      const exts = resourcesOf(d, EXTENSION_TYPE);
      return {
        ids: [ctx, ...resourcesOf(d, FILE_TYPE), ...exts].map((r) => `${r.urn.split("::").pop()}=${r.id}`),
        contexts: counts([ctx.id!], await liveContexts()),
        files: counts(
          resourcesOf(d, FILE_TYPE).map((r) => r.id!),
          await liveFiles(key, ctx.id!, "/data"),
        ),
        extensions: counts(
          exts.map((r) => r.id!),
          await liveFiles(key, ctx.id!, "/tmp/extensions"),
        ),
        extensionUrns: exts.map((r) => r.urn),
      };
    };
    const one = { created: 1, recorded: 1, shared: 0, deletedWhileHeld: 0, leaked: 0 };
    const before = await state();
    expect(before).toMatchObject({ contexts: one, files: one, extensions: one });

    await s.configure(agb.url, key, { ...config, "paths:renamed": "true" });
    await s.ok("up");
    const after = await state();
    expect(after.ids).toEqual(before.ids.map((entry) => entry.replace(/^([^=]+)=/, "$1-renamed=")));
    expect(after).toMatchObject({ contexts: one, files: one, extensions: one });

    const [ext] = after.extensionUrns;
    await s.must(["up", "--yes", "--skip-preview", "--replace", ext, "--stack", s.stack]);
    const replaced = await state();
    expect(replaced.ids[2]).not.toBe(after.ids[2]);
    expect(replaced).toMatchObject({ contexts: one, files: one, extensions: one });

    // A second extension from the same zip, created by a targeted up alone.
    await s.configure(agb.url, key, { ...config, "paths:renamed": "true", "paths:extensions": "2" });
    await s.must(["up", "--yes", "--skip-preview", "--target", ext.replace(/ext-0-renamed$/, "ext-1-renamed"), "--stack", s.stack]);
    expect((await state()).extensions).toEqual({ created: 2, recorded: 2, shared: 0, deletedWhileHeld: 0, leaked: 0 });
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});
