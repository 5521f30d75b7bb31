/**
 * Ownership paths of contexts, context files and extension files that move whole stacks or fail a
 * sibling, under the real CLI and agb-local (docs/ownership-objects.md has the table): a Session that
 * fails in the same `up` as a Context, a ContextFile and a BrowserExtension; `pulumi stack rename`;
 * a stack copied with `stack export` / `import --force`. Each counts the objects in AGB against the
 * ids recorded in state: shared, deleted while held and leaked are 0 unless the row says otherwise.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf, SESSION_TYPE } from "./cli-stack";
import type { ExportedDeployment } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
const EXTENSION_TYPE = "pulumi-nodejs:dynamic/agb:BrowserExtension";
const agb = useCliAgbLocal();

/** The ids a state records, by kind. */
function recordedIn(d: ExportedDeployment) {
  const ids = (type: string) => resourcesOf(d, type).map((r) => r.id!);
  return { contexts: ids(CONTEXT_TYPE), files: ids(FILE_TYPE), extensions: ids(EXTENSION_TYPE), sessions: ids(SESSION_TYPE) };
}

/** The objects AGB holds for the account `key`, as resource ids, by kind. */
async function liveFor(key: string) {
  const client = directClient(agb.url, key);
  const contexts = (await agb.control.contexts()).map((c) => c.id);
  const filesIn = async (folder: string) =>
    (
      await Promise.all(
        contexts.map(async (contextId) =>
          (await client.describeContextFiles({ contextId, parentFolderPath: folder })).files
            .filter((f) => f.fileType !== "folder")
            .map((f) => `${contextId}:${f.filePath}`),
        ),
      )
    ).flat();
  const sessions = (await agb.control.sessions()).filter((x) => x.status === "RUNNING").map((x) => x.sessionId);
  return { contexts, files: await filesIn("/data"), extensions: await filesIn("/tmp/extensions"), sessions };
}

/** For each kind: objects live, recorded over all `states`, shared, deleted while held, leaked. */
function counts(live: Record<string, string[]>, ...states: Array<Record<string, string[]>>) {
  const out: Record<string, { live: number; recorded: number; shared: number; deletedWhileHeld: number; leaked: number }> = {};
  for (const kind of Object.keys(live)) {
    const recorded = states.flatMap((s) => s[kind]);
    const unique = new Set(recorded);
    out[kind] = {
      live: live[kind].length,
      recorded: recorded.length,
      shared: recorded.length - unique.size,
      deletedWhileHeld: [...unique].filter((id) => !live[kind].includes(id)).length,
      leaked: live[kind].filter((id) => !unique.has(id)).length,
    };
  }
  return out;
}

const once = (n: number) => ({ live: n, recorded: n, shared: 0, deletedWhileHeld: 0, leaked: 0 });

test("a Session fails in the same up as a Context, a ContextFile and a BrowserExtension: each object is recorded once; the next up makes the Session and keeps every id", async () => {
  const key = "akm-objects-sibling";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    // The Session stays PENDING past its own timeouts.create (20 s), so it fails well after the
    // objects, which start with it once the context exists, are made.
    await s.init(agb.url, key, { "paths:sessions": "1", "paths:files": "1", "paths:extensions": "1", "paths:createTimeout": "20" });
    await agb.control.setTiming({ createPendingMs: 120_000 });
    const failed = await s.run("up");
    expect(failed.ok).toBe(false);
    expect(failed.printed).toMatch(/did not become RUNNING \(timeouts\.create: 20 s\)/);
    await agb.control.setTiming({ createPendingMs: 0 });
    const first = recordedIn(await s.exported());
    expect(counts(await liveFor(key), first)).toEqual({ contexts: once(1), files: once(1), extensions: once(1), sessions: once(0) });

    await s.configure(agb.url, key, { "paths:sessions": "1", "paths:files": "1", "paths:extensions": "1" });
    await s.ok("up");
    const second = recordedIn(await s.exported());
    expect(counts(await liveFor(key), second)).toEqual({ contexts: once(1), files: once(1), extensions: once(1), sessions: once(1) });
    expect({ contexts: second.contexts, files: second.files, extensions: second.extensions }).toEqual({
      contexts: first.contexts,
      files: first.files,
      extensions: first.extensions,
    });
    await s.ok("destroy");
    expect(await liveFor(key)).toEqual({ contexts: [], files: [], extensions: [], sessions: [] });
  } finally {
    await s.close();
  }
});

test("pulumi stack rename keeps the objects with no change planned; a copy made with export/import --force records the same ones until it forgets them; destroy deletes each once", async () => {
  const key = "akm-objects-rename";
  const s = new CliStack({ programDir: PROGRAM });
  const file = join(s.home, "renamed-state.json");
  const on = (stack: string, args: string[]) => s.must([...args, "--stack", stack]);
  const exportOf = async (stack: string) => {
    const text = await on(stack, ["stack", "export"]);
    return JSON.parse(text.slice(text.indexOf("{"))) as ExportedDeployment;
  };
  try {
    // The context's default name holds the stack's name: name it, so the rename changes no input.
    await s.init(agb.url, key, { "paths:sessions": "0", "paths:files": "1", "paths:extensions": "1", "paths:contextName": "rename-work" });
    await s.ok("up");
    const before = recordedIn(await s.exported());

    await s.must(["stack", "rename", "renamed", "--stack", s.stack]);
    await on("renamed", ["preview", "--expect-no-changes", "--non-interactive"]);
    await on("renamed", ["up", "--yes", "--skip-preview", "--non-interactive", "--expect-no-changes"]);
    const renamed = recordedIn(await exportOf("renamed"));
    expect(renamed).toEqual(before);
    const objects = { contexts: once(1), files: once(1), extensions: once(1), sessions: once(0) };
    expect(counts(await liveFor(key), renamed)).toEqual(objects);

    // What the provider cannot see: a forced copy records the same objects (shared 1 of each kind).
    await on("renamed", ["stack", "export", "--file", file]);
    await s.must(["stack", "init", "copy"]);
    await on("copy", ["stack", "import", "--file", file, "--force"]);
    const copy = await exportOf("copy");
    const shared = { live: 1, recorded: 2, shared: 1, deletedWhileHeld: 0, leaked: 0 };
    expect(counts(await liveFor(key), renamed, recordedIn(copy))).toEqual({
      contexts: shared,
      files: shared,
      extensions: shared,
      sessions: once(0),
    });
    // The documented way out: the copy forgets them, then goes away; the original keeps them.
    const ours = (copy.deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/agb:"));
    for (const r of ours.reverse()) await on("copy", ["state", "delete", r.urn, "--yes", "--force"]);
    await on("copy", ["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(counts(await liveFor(key), recordedIn(await exportOf("renamed")))).toEqual(objects);

    await on("renamed", ["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(await liveFor(key)).toEqual({ contexts: [], files: [], extensions: [], sessions: [] });
  } finally {
    await s.close();
  }
});
