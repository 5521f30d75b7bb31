/**
 * More ownership paths of contexts, context files and extension files under the real CLI (file
 * backends, agb-local; docs/ownership-objects.md has the table): `--target` of a Context and of a
 * ContextFile, the `pulumi destroy --target` step that two Contexts with one name (or two
 * ContextFiles at one path) need when the holder leaves the program, two stacks writing one path
 * of a context both reach, two stacks' extensions in one context, and an extension
 * create whose upload answer is lost or whose upload is refused. Each test counts objects in AGB
 * against the ids recorded in state: shared, deleted while held and leaked are 0.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { contextCounts, fileCounts, fileText, liveFiles, NONE, ONE, ownershipCounts as counts, TWO } from "./cli-objects";
import { CliStack, CONTEXT_TYPE, EXTENSION_TYPE, FILE_TYPE, idsOf, resourcesOf } from "./cli-stack";
import { destroyLeavesNothing, liveContextIds, withContextUp, withStack } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const PROJECT = "agb-cli-paths";
const agb = useCliAgbLocal();

const urnOf = (s: CliStack, type: string, name: string) => `urn:pulumi:${s.stack}::${PROJECT}::${type}::${name}`;
const NO_SESSIONS = { "paths:sessions": "0" };
const liveContexts = () => liveContextIds(agb);

test("--target of a Context, then of its ContextFile, then destroy --target of the file: only the target moves, each recorded once", async () => {
  const key = "akm-cli-target-objects";
  await withStack(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "0", "paths:files": "1" } }, async (s) => {
    const state = async () => {
      const live = await liveContexts();
      return {
        contexts: await contextCounts(agb, s),
        files: live.length === 1 ? await fileCounts(agb, key, live[0], "/data", FILE_TYPE, s) : NONE,
      };
    };
    await s.upTargeting(urnOf(s, CONTEXT_TYPE, "work"));
    expect(await state()).toEqual({ contexts: ONE, files: NONE });
    await s.upTargeting(urnOf(s, FILE_TYPE, "seed"));
    expect(await state()).toEqual({ contexts: ONE, files: ONE });
    await s.destroyTargeting(urnOf(s, FILE_TYPE, "seed"));
    expect(await state()).toEqual({ contexts: ONE, files: NONE });
    await destroyLeavesNothing(agb, s);
  });
});

test("up --target of the Context alone, with a new Session and a new BrowserExtension left out: the program runs to its end", async () => {
  const key = "akm-cli-target-left-out";
  const config = { "paths:sessions": "1", "paths:sync": "false", "paths:extensions": "1" };
  await withStack(agb, { programDir: PROGRAM, key, config }, async (s) => {
    // The left-out resources' outputs are unknown to the program: nothing of theirs may fail it.
    await s.upTargeting(urnOf(s, CONTEXT_TYPE, "work"));
    const d = await s.exported();
    expect(["Context", "Session", "BrowserExtension"].map((t) => resourcesOf(d, `pulumi-nodejs:dynamic/agb:${t}`).length)).toEqual([
      1, 0, 0,
    ]);
    expect(counts(idsOf(d, CONTEXT_TYPE), await liveContexts())).toEqual(ONE);
    expect((await agb.control.counters()).sessionsCreated).toBe(0);
    expect(await liveFiles(agb, key, (await liveContexts())[0], "/tmp/extensions")).toEqual([]);
    await s.ok("up");
    await destroyLeavesNothing(agb, s);
  });
});

test("two Contexts with one name, the holder removed from the program: the up is refused naming it until destroy --target of the removed one", async () => {
  const key = "akm-cli-twin-removed";
  await withStack(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "0", "paths:twinContext": "sibling" } }, async (s) => {
    const twinUrn = urnOf(s, CONTEXT_TYPE, "work-twin");
    // The twin alone is created, so it is the one holding the name.
    await s.upTargeting(twinUrn);
    const [held] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    expect(held.urn).toBe(twinUrn);

    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:twinContext": "" });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`A context named "${PROJECT}-${s.stack}-work" already exists (id ${held.id})`);
    expect(await contextCounts(agb, s)).toEqual(ONE);

    await s.destroyTargeting(twinUrn);
    await s.ok("up");
    expect(resourcesOf(await s.exported(), CONTEXT_TYPE).map((r) => r.urn)).toEqual([urnOf(s, CONTEXT_TYPE, "work")]);
    expect(await contextCounts(agb, s)).toEqual(ONE);
    await destroyLeavesNothing(agb, s);
  });
});

test("two ContextFiles at one path, the writer removed from the program: the up is refused naming the file until destroy --target of the removed one", async () => {
  const key = "akm-cli-twin-file-removed";
  await withContextUp(agb, { programDir: PROGRAM, key, config: NO_SESSIONS }, async (s, ctx) => {
    const files = () => fileCounts(agb, key, ctx, "/data", FILE_TYPE, s);
    // The second file alone is created, so it is the one that wrote the path.
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "2" });
    const writerUrn = urnOf(s, FILE_TYPE, "seed-1");
    await s.upTargeting(writerUrn);
    expect(resourcesOf(await s.exported(), FILE_TYPE).map((r) => r.urn)).toEqual([writerUrn]);

    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`A file already exists at /data/seed.txt in context ${ctx}`);
    expect(await files()).toEqual(ONE);
    expect(await fileText(agb, key, ctx, "/data/seed.txt")).toBe("seed 1");

    await s.destroyTargeting(writerUrn);
    await s.ok("up");
    expect(resourcesOf(await s.exported(), FILE_TYPE).map((r) => r.urn)).toEqual([urnOf(s, FILE_TYPE, "seed")]);
    expect(await files()).toEqual(ONE);
    expect(await fileText(agb, key, ctx, "/data/seed.txt")).toBe("seed 0");
    await destroyLeavesNothing(agb, s);
  });
});

/**
 * Two stacks with the same names (two backends) set up with `objects` (stack config), both reaching
 * one context: the first's up makes it, the second reaches it by adopting it (it states that no one
 * else manages it). After `body`, the second forgets the context (its destroy would delete the
 * first's context), and the first's destroy leaves nothing.
 */
async function withTwoStacksOnOneContext(
  key: string,
  objects: Record<string, string>,
  body: (first: CliStack, second: CliStack, contextId: string) => Promise<void>,
): Promise<void> {
  const [first, second] = [new CliStack({ programDir: PROGRAM }), new CliStack({ programDir: PROGRAM })];
  try {
    await first.init(agb.url, key, { "paths:sessions": "0", ...objects });
    await first.ok("up");
    const [ctx] = idsOf(await first.exported(), CONTEXT_TYPE);
    await second.init(agb.url, key, { "paths:sessions": "0", ...objects, "paths:adoptContext": "true" });
    await body(first, second, ctx);
    await second.must(["stack", "rm", "--yes", "--force", "--stack", second.stack]);
    await destroyLeavesNothing(agb, first);
  } finally {
    await first.close();
    await second.close();
  }
}

test("two stacks with the same names (two backends) write one path of a context both reach: the second is refused naming the file; the bytes stay the first's", async () => {
  const key = "akm-cli-two-stacks-files";
  await withTwoStacksOnOneContext(key, { "paths:files": "1" }, async (first, second, ctx) => {
    const refused = await second.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`A file already exists at /data/seed.txt in context ${ctx}`);
    expect(await fileCounts(agb, key, ctx, "/data", FILE_TYPE, first, second)).toEqual(ONE);
    expect(await fileText(agb, key, ctx, "/data/seed.txt")).toBe("seed 0");
  });
});

test("two stacks with the same names (two backends) add BrowserExtensions from one zip to a context both reach: a file each; removing one leaves the other's", async () => {
  const key = "akm-cli-two-stacks-extensions";
  await withTwoStacksOnOneContext(key, { "paths:extensions": "1" }, async (first, second, ctx) => {
    await second.ok("up");
    const extensions = () => fileCounts(agb, key, ctx, "/tmp/extensions", EXTENSION_TYPE, first, second);
    expect(await extensions()).toEqual(TWO);

    // The second stack removes its extension: the first stack's file stays.
    await second.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "0", "paths:adoptContext": "true" });
    await second.ok("up");
    expect(await extensions()).toEqual(ONE);
    expect(await liveFiles(agb, key, ctx, "/.pulumi-agb/creating")).toEqual([]);
  });
});

test("BrowserExtension: lost answers of its upload calls give one file; an upload refused for good records nothing and leaves nothing", async () => {
  const key = "akm-cli-extension-faults";
  await withContextUp(agb, { programDir: PROGRAM, key, config: NO_SESSIONS }, async (s, ctx) => {
    const extensions = () => fileCounts(agb, key, ctx, "/tmp/extensions", EXTENSION_TYPE, s);
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1" });

    // The zip's PUT (the second: the first is the create's mark) is stored and its answer dropped,
    // and so is one upload URL.
    const lostPut = await agb.control.injectFault({ operation: "FileUpload", mode: "commit-then-drop", skip: 1, count: 1 });
    const lostUrl = await agb.control.injectFault({ operation: "GetContextFileUploadUrl", mode: "commit-then-drop", skip: 1, count: 1 });
    await s.ok("up");
    const fired = (await agb.control.faults()).filter((f) => [lostPut.id, lostUrl.id].includes(f.id)).map((f) => f.fired);
    expect(fired).toEqual([1, 1]);
    expect(await extensions()).toEqual(ONE);
    expect(await liveFiles(agb, key, ctx, "/.pulumi-agb/creating")).toEqual([]);

    // A second extension whose zip upload is refused (every attempt): the up fails, nothing stays.
    await agb.control.clearFaults();
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "2" });
    await agb.control.injectFault({ operation: "FileUpload", mode: "error", httpStatus: 400, code: "InvalidParameter", skip: 1 });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toMatch(/Uploading \/tmp\/extensions\/ext_[0-9a-f]{32}\.zip into context \S+ failed/);
    expect(await extensions()).toEqual(ONE);
    expect(await liveFiles(agb, key, ctx, "/.pulumi-agb/creating")).toEqual([]);

    await agb.control.clearFaults();
    await s.ok("up");
    expect(await extensions()).toEqual(TWO);
    await destroyLeavesNothing(agb, s);
  });
});
