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
import { useCliAgbLocal } from "./cli-agb-local";
import { contextCounts, fileCounts, fileText, liveFiles, ONE, ownershipCounts as counts, TWO } from "./cli-objects";
import { CliStack, CONTEXT_TYPE, EXTENSION_TYPE, FILE_TYPE, idsOf, resourcesOf } from "./cli-stack";
import { destroyLeavesNothing, liveContextIds, withStack, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const agb = useCliAgbLocal();

const liveContexts = () => liveContextIds(agb);
/** The stack's (one) context. */
const contextOf = async (s: CliStack) => idsOf(await s.exported(), CONTEXT_TYPE)[0];

test("two Contexts with one name in one stack, as siblings and under two parents: one holds it, the up names the other", async () => {
  for (const twin of ["sibling", "parent"]) {
    const key = `akm-cli-twin-${twin}`;
    await withStack(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "0", "paths:twinContext": twin } }, async (s) => {
      const up = await s.run("up");
      expect({ twin, ok: up.ok }).toEqual({ twin, ok: false });
      expect(up.printed).toMatch(/two resources must not hold one context|already exists/);
      expect({ twin, ...(await contextCounts(agb, s)) }).toEqual({ twin, ...ONE });

      await destroyLeavesNothing(agb, s);
    });
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
    expect(await contextCounts(agb, ...stacks)).toEqual(ONE);

    await loser.ok("destroy");
    expect(await contextCounts(agb, ...stacks)).toEqual(ONE);
    await winner.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    for (const s of stacks) await s.close();
  }
});

test("up --replace of a Context, then of a ContextFile: each ends with one object, recorded once", async () => {
  const key = "akm-cli-replace-objects";
  await withStackUp(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "0", "paths:files": "1" } }, async (s) => {
    const check = async () => ({
      contexts: await contextCounts(agb, s),
      files: await fileCounts(agb, key, await contextOf(s), "/data", FILE_TYPE, s),
    });
    const [before] = resourcesOf(await s.exported(), CONTEXT_TYPE);

    await s.upReplacing(before.urn);
    const [after] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    expect(after.id).not.toBe(before.id);
    expect(await check()).toEqual({ contexts: ONE, files: ONE });

    const [file] = resourcesOf(await s.exported(), FILE_TYPE);
    await s.upReplacing(file.urn);
    expect(await check()).toEqual({ contexts: ONE, files: ONE });
    expect(await fileText(agb, key, after.id!, "/data/seed.txt")).toBe("seed 0");
    await s.ok("preview", { expectNoChanges: true });
    await destroyLeavesNothing(agb, s);
  });
});

test("two ContextFiles at one path in one stack: one writes it, the up names the other; the file is the recorded one's", async () => {
  const key = "akm-cli-file-twins";
  await withStack(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "0", "paths:files": "2" } }, async (s) => {
    const up = await s.run("up");
    expect(up.ok).toBe(false);
    expect(up.printed).toMatch(/two resources must not hold one file|A file already exists at \/data\/seed.txt/);
    const d = await s.exported();
    const [ctx] = resourcesOf(d, CONTEXT_TYPE);
    const files = resourcesOf(d, FILE_TYPE);
    expect(counts(idsOf(d, FILE_TYPE), await liveFiles(agb, key, ctx.id!, "/data"))).toEqual(ONE);
    expect(await fileText(agb, key, ctx.id!, "/data/seed.txt")).toBe(files[0].outputs?.content);
    await destroyLeavesNothing(agb, s);
  });
});

test("two BrowserExtensions from one zip: a file each; removing one leaves the other's", async () => {
  const key = "akm-cli-extension-twins";
  await withStackUp(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "0", "paths:extensions": "2" } }, async (s) => {
    const check = async () => fileCounts(agb, key, await contextOf(s), "/tmp/extensions", EXTENSION_TYPE, s);
    expect(await check()).toEqual(TWO);

    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1" });
    await s.ok("up");
    expect(await check()).toEqual(ONE);
    await s.ok("preview", { expectNoChanges: true });
    await destroyLeavesNothing(agb, s);
  });
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
        files: counts(idsOf(d, FILE_TYPE), await liveFiles(agb, key, ctx.id!, "/data")),
        extensions: counts(idsOf(d, EXTENSION_TYPE), await liveFiles(agb, key, ctx.id!, "/tmp/extensions")),
        extensionUrns: exts.map((r) => r.urn),
      };
    };
    const before = await state();
    expect(before).toMatchObject({ contexts: ONE, files: ONE, extensions: ONE });

    await s.configure(agb.url, key, { ...config, "paths:renamed": "true" });
    await s.ok("up");
    const after = await state();
    expect(after.ids).toEqual(before.ids.map((entry) => entry.replace(/^([^=]+)=/, "$1-renamed=")));
    expect(after).toMatchObject({ contexts: ONE, files: ONE, extensions: ONE });

    const [ext] = after.extensionUrns;
    await s.upReplacing(ext);
    const replaced = await state();
    expect(replaced.ids[2]).not.toBe(after.ids[2]);
    expect(replaced).toMatchObject({ contexts: ONE, files: ONE, extensions: ONE });

    // A second extension from the same zip, created by a targeted up alone.
    await s.configure(agb.url, key, { ...config, "paths:renamed": "true", "paths:extensions": "2" });
    await s.upTargeting(ext.replace(/ext-0-renamed$/, "ext-1-renamed"));
    expect((await state()).extensions).toEqual(TWO);
    await destroyLeavesNothing(agb, s);
  } finally {
    await s.close();
  }
});
