/**
 * Ownership rows where the plugin form differs from the dynamic form (docs/ownership-objects.md),
 * under the real CLI: `up --replace` of a Context and of a ContextFile. The dynamic classes default
 * `deleteBeforeReplace` to true (the engine asks no provider diff under `--replace`); a plugin has
 * no program side to set it and the package schema has no field for it. Without it the replacing
 * create finds the object its predecessor still holds and refuses, nothing lost; with it (set by
 * the program) the replace goes through as in the dynamic form.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { fileText, liveFiles } from "./cli-objects";
import { idsOf, resourcesOf } from "./cli-stack";
import type { CliStack } from "./cli-stack";
import { destroyLeavesNothing, liveContextIds, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const agb = useCliAgbLocal();

/** Recorded and live ids of the stack's Contexts and ContextFiles, and the file's bytes. */
async function objects(s: CliStack, key: string) {
  const d = await s.exported();
  const contexts = idsOf(d, "agb:index:Context");
  const files = idsOf(d, "agb:index:ContextFile");
  const live = { contexts: await liveContextIds(agb), files: contexts.length ? await liveFiles(agb, key, contexts[0], "/data") : [] };
  return { recorded: { contexts, files }, live, bytes: await fileText(agb, key, contexts[0], "/data/seed.txt") };
}

test("plugin form, no deleteBeforeReplace: up --replace of a ContextFile or a Context is refused, naming the object; nothing is lost or shared", async () => {
  const key = "akm-cli-plugin-replace-bare";
  await withStackUp(agb, { programDir: PROGRAM, key, config: { "plugin:sessions": "0", "plugin:file": "true" } }, async (s) => {
    const before = await objects(s, key);
    const [file] = resourcesOf(await s.exported(), "agb:index:ContextFile");
    const [context] = resourcesOf(await s.exported(), "agb:index:Context");
    const r = await s.cli.exec(["up", "--yes", "--skip-preview", "--replace", file.urn, "--stack", s.stack]);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain("A file already exists at /data/seed.txt");
    expect(await objects(s, key)).toEqual(before);
    const c = await s.cli.exec(["up", "--yes", "--skip-preview", "--replace", context.urn, "--stack", s.stack]);
    expect(c.code).not.toBe(0);
    expect(`${c.stdout}${c.stderr}`).toContain(`A context named "${context.outputs?.name}" already exists`);
    expect(await objects(s, key)).toEqual(before);
    await destroyLeavesNothing(agb, s);
  });
});

test("plugin form with deleteBeforeReplace set by the program: up --replace of a ContextFile, then of its Context, ends with one of each, the bytes kept", async () => {
  const key = "akm-cli-plugin-replace-dbr";
  await withStackUp(
    agb,
    { programDir: PROGRAM, key, config: { "plugin:sessions": "0", "plugin:file": "true", "plugin:deleteBeforeReplace": "true" } },
    async (s) => {
      const [file] = resourcesOf(await s.exported(), "agb:index:ContextFile");
      await s.upReplacing(file.urn);
      const afterFile = await objects(s, key);
      expect(afterFile).toEqual({
        recorded: { contexts: afterFile.live.contexts, files: afterFile.live.files },
        live: afterFile.live,
        bytes: "seed 0",
      });
      expect(afterFile.live.files).toHaveLength(1);
      const [context] = resourcesOf(await s.exported(), "agb:index:Context");
      await s.upReplacing(context.urn);
      const afterContext = await objects(s, key);
      expect(afterContext.recorded.contexts).toHaveLength(1);
      expect(afterContext.recorded.contexts[0]).not.toBe(context.id);
      expect(afterContext).toEqual({ recorded: afterContext.live, live: afterContext.live, bytes: "seed 0" });
      await s.ok("preview", { expectNoChanges: true });
      await destroyLeavesNothing(agb, s);
    },
  );
});
