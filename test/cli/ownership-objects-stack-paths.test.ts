/**
 * Ownership paths of contexts, context files and extension files that move whole stacks or fail a
 * sibling, under the real CLI and agb-local (docs/ownership-objects.md has the table): a Session that
 * fails in the same `up` as a Context, a ContextFile and a BrowserExtension; `pulumi stack rename`;
 * a stack copied with `stack export` / `import --force`. Each counts the objects in AGB against the
 * ids recorded in state: shared, deleted while held and leaked are 0 unless the row says otherwise.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { liveFiles, NONE, ONE, ownershipCounts } from "./cli-objects";
import { CONTEXT_TYPE, EXTENSION_TYPE, FILE_TYPE, idsOf, SESSION_TYPE } from "./cli-stack";
import type { ExportedDeployment } from "./cli-stack";
import { destroyLeavesNothing, liveContextIds, liveSessionIds, withStack, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const agb = useCliAgbLocal();
const KINDS = { contexts: CONTEXT_TYPE, files: FILE_TYPE, extensions: EXTENSION_TYPE, sessions: SESSION_TYPE };
type Kind = keyof typeof KINDS;

/** The ids a state records, by kind. */
function recordedIn(d: ExportedDeployment): Record<Kind, string[]> {
  return {
    contexts: idsOf(d, CONTEXT_TYPE),
    files: idsOf(d, FILE_TYPE),
    extensions: idsOf(d, EXTENSION_TYPE),
    sessions: idsOf(d, SESSION_TYPE),
  };
}

/** The objects agb-local holds for the account `key`, as resource ids, by kind. */
async function liveFor(key: string): Promise<Record<Kind, string[]>> {
  const contexts = await liveContextIds(agb);
  const filesIn = async (folder: string) => (await Promise.all(contexts.map((c) => liveFiles(agb, key, c, folder)))).flat();
  return { contexts, files: await filesIn("/data"), extensions: await filesIn("/tmp/extensions"), sessions: await liveSessionIds(agb) };
}

/** The ownership counts of each kind: the ids recorded over all `states` against the live ones. */
function counts(live: Record<Kind, string[]>, ...states: Array<Record<Kind, string[]>>) {
  const kinds = Object.keys(KINDS) as Kind[];
  return Object.fromEntries(
    kinds.map((k) => [
      k,
      ownershipCounts(
        states.flatMap((st) => st[k]),
        live[k],
      ),
    ]),
  );
}

/** A Context, a ContextFile and an extension file, each recorded once, and no Session. */
const OBJECTS = { contexts: ONE, files: ONE, extensions: ONE, sessions: NONE };

test("a Session fails in the same up as a Context, a ContextFile and a BrowserExtension: each object is recorded once; the next up makes the Session and keeps every id", async () => {
  const key = "akm-objects-sibling";
  const objects = { "paths:sessions": "1", "paths:files": "1", "paths:extensions": "1" };
  // The Session stays PENDING past its own timeouts.create (20 s), so it fails well after the
  // objects, which start with it once the context exists, are made.
  await withStack(agb, { programDir: PROGRAM, key, config: { ...objects, "paths:createTimeout": "20" } }, async (s) => {
    await agb.control.setTiming({ createPendingMs: 120_000 });
    const failed = await s.run("up");
    expect(failed.ok).toBe(false);
    expect(failed.printed).toMatch(/did not become RUNNING \(timeouts\.create: 20 s\)/);
    await agb.control.setTiming({ createPendingMs: 0 });
    const first = recordedIn(await s.exported());
    expect(counts(await liveFor(key), first)).toEqual(OBJECTS);

    await s.configure(agb.url, key, objects);
    await s.ok("up");
    const second = recordedIn(await s.exported());
    expect(counts(await liveFor(key), second)).toEqual({ ...OBJECTS, sessions: ONE });
    expect({ ...second, sessions: [] }).toEqual(first);
    await destroyLeavesNothing(agb, s);
  });
});

test("pulumi stack rename keeps the objects with no change planned; a copy made with export/import --force records the same ones until it forgets them; destroy deletes each once", async () => {
  const key = "akm-objects-rename";
  // The context's default name holds the stack's name: name it, so the rename changes no input.
  const config = { "paths:sessions": "0", "paths:files": "1", "paths:extensions": "1", "paths:contextName": "rename-work" };
  await withStackUp(agb, { programDir: PROGRAM, key, config }, async (s) => {
    const on = (stack: string, args: string[]) => s.must([...args, "--stack", stack]);
    const exportOf = async (stack: string) => {
      const text = await on(stack, ["stack", "export"]);
      return JSON.parse(text.slice(text.indexOf("{"))) as ExportedDeployment;
    };
    const before = recordedIn(await s.exported());

    await s.must(["stack", "rename", "renamed", "--stack", s.stack]);
    await on("renamed", ["preview", "--expect-no-changes", "--non-interactive"]);
    await on("renamed", ["up", "--yes", "--skip-preview", "--non-interactive", "--expect-no-changes"]);
    const renamed = recordedIn(await exportOf("renamed"));
    expect(renamed).toEqual(before);
    expect(counts(await liveFor(key), renamed)).toEqual(OBJECTS);

    // What the provider cannot see: a forced copy records the same objects (shared 1 of each kind).
    const file = join(s.home, "renamed-state.json");
    await on("renamed", ["stack", "export", "--file", file]);
    await s.must(["stack", "init", "copy"]);
    await on("copy", ["stack", "import", "--file", file, "--force"]);
    const copy = await exportOf("copy");
    const shared = { live: 1, recorded: 2, shared: 1, deletedWhileHeld: 0, leaked: 0 };
    expect(counts(await liveFor(key), renamed, recordedIn(copy))).toEqual({
      contexts: shared,
      files: shared,
      extensions: shared,
      sessions: NONE,
    });
    // The documented way out: the copy forgets them, then goes away; the original keeps them.
    const ours = (copy.deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/agb:"));
    for (const r of ours.reverse()) await on("copy", ["state", "delete", r.urn, "--yes", "--force"]);
    await on("copy", ["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(counts(await liveFor(key), recordedIn(await exportOf("renamed")))).toEqual(OBJECTS);

    await on("renamed", ["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect(await liveFor(key)).toEqual({ contexts: [], files: [], extensions: [], sessions: [] });
  });
});
