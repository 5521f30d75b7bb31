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
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const PROJECT = "agb-cli-paths";
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
const EXTENSION_TYPE = "pulumi-nodejs:dynamic/agb:BrowserExtension";
const agb = useCliAgbLocal();

const urnOf = (s: CliStack, type: string, name: string) => `urn:pulumi:${s.stack}::${PROJECT}::${type}::${name}`;

/** The ownership counts of one kind: `recorded` ids from every stack's state against `live` ids in AGB. */
function counts(recorded: string[], live: string[]) {
  const unique = new Set(recorded);
  return {
    live: live.length,
    recorded: recorded.length,
    shared: recorded.length - unique.size,
    deletedWhileHeld: [...unique].filter((id) => !live.includes(id)).length,
    leaked: live.filter((id) => !unique.has(id)).length,
  };
}
const none = { live: 0, recorded: 0, shared: 0, deletedWhileHeld: 0, leaked: 0 };
const one = { live: 1, recorded: 1, shared: 0, deletedWhileHeld: 0, leaked: 0 };

const liveContexts = async () => (await agb.control.contexts()).map((c) => c.id);

/** Files in a folder of a context, as `<contextId>:<path>` (the ContextFile/BrowserExtension resource id). */
async function liveFiles(key: string, contextId: string, folder: string): Promise<string[]> {
  const { files } = await directClient(agb.url, key).describeContextFiles({ contextId, parentFolderPath: folder });
  return files.filter((f) => f.fileType !== "folder").map((f) => `${contextId}:${f.filePath}`);
}

async function fileText(key: string, contextId: string, path: string): Promise<string> {
  const { url } = await directClient(agb.url, key).getContextFileDownloadUrl(contextId, path);
  return (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
}

test("--target of a Context, then of its ContextFile, then destroy --target of the file: only the target moves, each recorded once", async () => {
  const key = "akm-cli-target-objects";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    const state = async () => {
      const d = await s.exported();
      const contexts = resourcesOf(d, CONTEXT_TYPE).map((r) => r.id!);
      const live = await liveContexts();
      return {
        contexts: counts(contexts, live),
        files:
          live.length === 1
            ? counts(
                resourcesOf(d, FILE_TYPE).map((r) => r.id!),
                await liveFiles(key, live[0], "/data"),
              )
            : none,
      };
    };
    await s.must(["up", "--yes", "--skip-preview", "--target", urnOf(s, CONTEXT_TYPE, "work"), "--stack", s.stack]);
    expect(await state()).toEqual({ contexts: one, files: none });
    await s.must(["up", "--yes", "--skip-preview", "--target", urnOf(s, FILE_TYPE, "seed"), "--stack", s.stack]);
    expect(await state()).toEqual({ contexts: one, files: one });
    await s.must(["destroy", "--yes", "--skip-preview", "--target", urnOf(s, FILE_TYPE, "seed"), "--stack", s.stack]);
    expect(await state()).toEqual({ contexts: one, files: none });
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("up --target of the Context alone, with a new Session and a new BrowserExtension left out: the program runs to its end", async () => {
  const key = "akm-cli-target-left-out";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "1", "paths:sync": "false", "paths:extensions": "1" });
    // The left-out resources' outputs are unknown to the program: nothing of theirs may fail it.
    await s.must(["up", "--yes", "--skip-preview", "--target", urnOf(s, CONTEXT_TYPE, "work"), "--stack", s.stack]);
    const d = await s.exported();
    expect(["Context", "Session", "BrowserExtension"].map((t) => resourcesOf(d, `pulumi-nodejs:dynamic/agb:${t}`).length)).toEqual([
      1, 0, 0,
    ]);
    expect(
      counts(
        resourcesOf(d, CONTEXT_TYPE).map((r) => r.id!),
        await liveContexts(),
      ),
    ).toEqual(one);
    expect((await agb.control.counters()).sessionsCreated).toBe(0);
    expect(await liveFiles(key, (await liveContexts())[0], "/tmp/extensions")).toEqual([]);
    await s.ok("up");
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("two Contexts with one name, the holder removed from the program: the up is refused naming it until destroy --target of the removed one", async () => {
  const key = "akm-cli-twin-removed";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0", "paths:twinContext": "sibling" });
    const twinUrn = urnOf(s, CONTEXT_TYPE, "work-twin");
    // The twin alone is created, so it is the one holding the name.
    await s.must(["up", "--yes", "--skip-preview", "--target", twinUrn, "--stack", s.stack]);
    const [held] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    expect(held.urn).toBe(twinUrn);

    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:twinContext": "" });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`A context named "${PROJECT}-${s.stack}-work" already exists (id ${held.id})`);
    expect(
      counts(
        resourcesOf(await s.exported(), CONTEXT_TYPE).map((r) => r.id!),
        await liveContexts(),
      ),
    ).toEqual(one);

    await s.must(["destroy", "--yes", "--skip-preview", "--target", twinUrn, "--stack", s.stack]);
    await s.ok("up");
    const after = resourcesOf(await s.exported(), CONTEXT_TYPE);
    expect(after.map((r) => r.urn)).toEqual([urnOf(s, CONTEXT_TYPE, "work")]);
    expect(
      counts(
        after.map((r) => r.id!),
        await liveContexts(),
      ),
    ).toEqual(one);
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("two ContextFiles at one path, the writer removed from the program: the up is refused naming the file until destroy --target of the removed one", async () => {
  const key = "akm-cli-twin-file-removed";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0" });
    await s.ok("up");
    const [ctx] = await liveContexts();
    const files = async () =>
      counts(
        resourcesOf(await s.exported(), FILE_TYPE).map((r) => r.id!),
        await liveFiles(key, ctx, "/data"),
      );
    // The second file alone is created, so it is the one that wrote the path.
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "2" });
    const writerUrn = urnOf(s, FILE_TYPE, "seed-1");
    await s.must(["up", "--yes", "--skip-preview", "--target", writerUrn, "--stack", s.stack]);
    expect(resourcesOf(await s.exported(), FILE_TYPE).map((r) => r.urn)).toEqual([writerUrn]);

    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`A file already exists at /data/seed.txt in context ${ctx}`);
    expect(await files()).toEqual(one);
    expect(await fileText(key, ctx, "/data/seed.txt")).toBe("seed 1");

    await s.must(["destroy", "--yes", "--skip-preview", "--target", writerUrn, "--stack", s.stack]);
    await s.ok("up");
    expect(resourcesOf(await s.exported(), FILE_TYPE).map((r) => r.urn)).toEqual([urnOf(s, FILE_TYPE, "seed")]);
    expect(await files()).toEqual(one);
    expect(await fileText(key, ctx, "/data/seed.txt")).toBe("seed 0");
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("two stacks with the same names (two backends) write one path of a context both reach: the second is refused naming the file; the bytes stay the first's", async () => {
  const key = "akm-cli-two-stacks-files";
  const [first, second] = [new CliStack({ programDir: PROGRAM }), new CliStack({ programDir: PROGRAM })];
  try {
    await first.init(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    await first.ok("up");
    const [ctx] = resourcesOf(await first.exported(), CONTEXT_TYPE);
    // The second stack reaches the same context by adopting it (it states that no one else manages it).
    await second.init(agb.url, key, { "paths:sessions": "0", "paths:files": "1", "paths:adoptContext": "true" });
    const refused = await second.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`A file already exists at /data/seed.txt in context ${ctx.id}`);
    const recorded = [...resourcesOf(await first.exported(), FILE_TYPE), ...resourcesOf(await second.exported(), FILE_TYPE)].map(
      (r) => r.id!,
    );
    expect(counts(recorded, await liveFiles(key, ctx.id!, "/data"))).toEqual(one);
    expect(await fileText(key, ctx.id!, "/data/seed.txt")).toBe("seed 0");

    // The second stack forgets the context it adopted (its destroy would delete the first's context).
    await second.must(["stack", "rm", "--yes", "--force", "--stack", second.stack]);
    await first.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await first.close();
    await second.close();
  }
});

test("two stacks with the same names (two backends) add BrowserExtensions from one zip to a context both reach: a file each; removing one leaves the other's", async () => {
  const key = "akm-cli-two-stacks-extensions";
  const [first, second] = [new CliStack({ programDir: PROGRAM }), new CliStack({ programDir: PROGRAM })];
  try {
    await first.init(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1" });
    await first.ok("up");
    const [ctx] = await liveContexts();
    // The second stack reaches the same context by adopting it (it states that no one else manages it).
    await second.init(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1", "paths:adoptContext": "true" });
    await second.ok("up");
    const recorded = async () =>
      [...resourcesOf(await first.exported(), EXTENSION_TYPE), ...resourcesOf(await second.exported(), EXTENSION_TYPE)].map((r) => r.id!);
    const extensions = async () => counts(await recorded(), await liveFiles(key, ctx, "/tmp/extensions"));
    expect(await extensions()).toEqual({ ...one, live: 2, recorded: 2 });

    // The second stack removes its extension: the first stack's file stays.
    await second.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "0", "paths:adoptContext": "true" });
    await second.ok("up");
    expect(await extensions()).toEqual(one);
    expect(await liveFiles(key, ctx, "/.pulumi-agb/creating")).toEqual([]);

    // The second stack forgets the context it adopted (its destroy would delete the first's context).
    await second.must(["stack", "rm", "--yes", "--force", "--stack", second.stack]);
    await first.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await first.close();
    await second.close();
  }
});

test("BrowserExtension: lost answers of its upload calls give one file; an upload refused for good records nothing and leaves nothing", async () => {
  const key = "akm-cli-extension-faults";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0" });
    await s.ok("up");
    const [ctx] = await liveContexts();
    const extensions = async () =>
      counts(
        resourcesOf(await s.exported(), EXTENSION_TYPE).map((r) => r.id!),
        await liveFiles(key, ctx, "/tmp/extensions"),
      );
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1" });

    // The zip's PUT (the second: the first is the create's mark) is stored and its answer dropped,
    // and so is one upload URL.
    const lostPut = await agb.control.injectFault({ operation: "FileUpload", mode: "commit-then-drop", skip: 1, count: 1 });
    const lostUrl = await agb.control.injectFault({ operation: "GetContextFileUploadUrl", mode: "commit-then-drop", skip: 1, count: 1 });
    await s.ok("up");
    const fired = (await agb.control.faults()).filter((f) => [lostPut.id, lostUrl.id].includes(f.id)).map((f) => f.fired);
    expect(fired).toEqual([1, 1]);
    expect(await extensions()).toEqual(one);
    expect(await liveFiles(key, ctx, "/.pulumi-agb/creating")).toEqual([]);

    // A second extension whose zip upload is refused (every attempt): the up fails, nothing stays.
    await agb.control.clearFaults();
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "2" });
    await agb.control.injectFault({ operation: "FileUpload", mode: "error", httpStatus: 400, code: "InvalidParameter", skip: 1 });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toMatch(/Uploading \/tmp\/extensions\/ext_[0-9a-f]{32}\.zip into context \S+ failed/);
    expect(await extensions()).toEqual(one);
    expect(await liveFiles(key, ctx, "/.pulumi-agb/creating")).toEqual([]);

    await agb.control.clearFaults();
    await s.ok("up");
    expect(await extensions()).toEqual({ ...one, live: 2, recorded: 2 });
    await s.ok("destroy");
    expect(await liveContexts()).toEqual([]);
  } finally {
    await s.close();
  }
});
