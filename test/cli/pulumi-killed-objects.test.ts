/**
 * `pulumi` itself killed (SIGKILL of its whole process group) while a Context, a ContextFile or a
 * BrowserExtension create is in flight, under the real CLI (file backend, agb-local): the state keeps
 * a pending create. A fault holds the create at the moment its upload has landed (the listing after
 * the upload answers with dropped connections; for a Context, its look at the name after the
 * rename), so the kill lands there every time. Then each of the
 * two repairs the CLI offers (`pulumi refresh --clear-pending-creates`, and
 * `--import-pending-creates <urn> <id>` with the object's id), and the next `up`. Both repairs drop
 * the pending create and leave the object unrecorded (under CLI v3.274.1 the state after the
 * refresh has neither), so the next up meets it as after a killed provider host: a Context's up is
 * refused naming the context (`adoptExisting` takes it back); a ContextFile's up
 * is refused naming the file and the write mark its create left (`adoptExisting` takes it over and
 * clears the mark); an extension's create reports the file by id, and a create past the two-hour
 * bound deletes it.
 * Counts: objects in AGB, recorded, shared (one object in two resources), reported by id, leaked.
 */
import { join } from "node:path";
import { WRITING_FOLDER } from "../../dist/resources/context-file/write-claim";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { fileText, liveFiles } from "./cli-objects";
import { leftoverCounts as counts, OBJECT_CREATE_KILLS, upKilledWhen, withObjectCreateKilled } from "./cli-kills";
import type { ObjectCreateKill } from "./cli-kills";
import { CONTEXT_TYPE, EXTENSION_TYPE, FILE_TYPE, idsOf, resourcesOf } from "./cli-stack";
import type { CliStack } from "./cli-stack";
import { destroyLeavesNothing, liveContextIds, withStack } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const agb = useCliAgbLocal();
/** Past the provider's two-hour bound for leftover extension files (browser-extension/leftovers.ts). */
const PAST_THE_BOUND_MS = 3 * 60 * 60 * 1000;

/** The pending create the kill left in the state, of one resource type. */
async function pendingCreate(s: CliStack, type: string): Promise<string> {
  const pending = ((await s.exported()).deployment.pending_operations ?? []) as Array<{
    type: string;
    resource: { urn: string; type: string };
  }>;
  const op = pending.find((p) => p.resource.type === type);
  expect(op?.type).toBe("creating");
  return op!.resource.urn;
}

/**
 * The repair `flags` give (after the killed up's lock, an error when there is none): no pending
 * operation stays in the state.
 */
async function repair(s: CliStack, flags: string[]): Promise<void> {
  // \`cancel\` answers with an error when the kill left no lock.
  await s.cli.exec(["cancel", "--yes", "--stack", s.stack]);
  await s.refreshWith(flags);
  expect((await s.exported()).deployment.pending_operations ?? []).toEqual([]);
}

/** What a test of a killed create works with. */
interface KilledCreate {
  s: CliStack;
  /** The context's id. */
  ctx: string;
  /** The files in a folder of the context, as `<contextId>:<path>` ids. */
  files: (folder: string) => Promise<string[]>;
  /** The URN of the pending create the kill left. */
  urn: string;
  /** The ids the state records for the killed object's type. */
  recorded: () => Promise<string[]>;
}

/**
 * A stack of the paths program without sessions whose pulumi was killed mid-create of one object
 * (`kill`): `body` gets what the test works with.
 */
async function withPulumiKilledMidCreate(key: string, kill: ObjectCreateKill, body: (t: KilledCreate) => Promise<void>): Promise<void> {
  await withObjectCreateKilled(agb, PROGRAM, "pulumi", key, kill, async (s, ctx) => {
    const urn = await pendingCreate(s, kill.type);
    const files = (folder: string) => liveFiles(agb, key, ctx, folder);
    await body({ s, ctx, files, urn, recorded: async () => idsOf(await s.exported(), kill.type) });
  });
}

/** The two repairs the CLI offers for a pending create: drop it, or import it with the object's id. */
const REPAIRS: Array<[string, (urn: string, id: string) => string[]]> = [
  ["--clear-pending-creates", () => ["--clear-pending-creates"]],
  ["--import-pending-creates <urn> <id>", (urn, id) => ["--import-pending-creates", urn, "--import-pending-creates", id]],
];

// Measured under CLI v3.274.1: `--import-pending-creates` with the object's id leaves the resource
// unrecorded, exactly as `--clear-pending-creates` does (the state after the refresh has neither the
// resource nor the pending create), so both repairs lead to the same next up.
test.each(REPAIRS)(
  "pulumi killed mid-create of a ContextFile, refresh %s: nothing recorded; the next up is refused naming the file; adoptExisting takes it over",
  async (name, flags) => {
    const key = `akm-cli-killed-file-${name.slice(2, 7)}`;
    await withPulumiKilledMidCreate(key, OBJECT_CREATE_KILLS.file, async (t) => {
      const leftover = `${t.ctx}:/data/seed.txt`;
      expect(await t.files("/data")).toEqual([leftover]);
      await repair(t.s, flags(t.urn, leftover));
      expect(counts(await t.recorded(), [], await t.files("/data"))).toEqual({ live: 1, recorded: 0, shared: 0, reported: 0, leaked: 1 });
      const next = await t.s.run("up");
      expect(next.ok).toBe(false);
      // The create's write mark stayed (it was killed before deleting it): the refusal names the path and the mark.
      const named = next.printed.includes(`Another create is writing /data/seed.txt in context ${t.ctx}, or one was cut short`);
      expect(counts(await t.recorded(), named ? [leftover] : [], await t.files("/data"))).toEqual({
        live: 1,
        recorded: 0,
        shared: 0,
        reported: 1,
        leaked: 0,
      });
      await t.s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1", "paths:adoptFiles": "true" });
      await t.s.ok("up");
      expect(counts(await t.recorded(), [], await t.files("/data"))).toEqual({ live: 1, recorded: 1, shared: 0, reported: 0, leaked: 0 });
      expect(await t.files(WRITING_FOLDER)).toEqual([]); // the adopting create cleared the path's marks
      expect(await fileText(agb, key, t.ctx, "/data/seed.txt")).toBe("seed 0");
      await destroyLeavesNothing(agb, t.s);
    });
  },
);

test.each(REPAIRS)(
  "pulumi killed mid-create of a BrowserExtension, refresh %s: nothing recorded; the next up makes a new file and reports the old one by id; a create past the bound deletes it",
  async (name, flags) => {
    const key = `akm-cli-killed-ext-${name.slice(2, 7)}`;
    await withPulumiKilledMidCreate(key, OBJECT_CREATE_KILLS.extension, async (t) => {
      const zips = () => t.files("/tmp/extensions");
      const [leftover] = await zips();
      expect(leftover).toMatch(/:\/tmp\/extensions\/ext_[0-9a-f]{32}\.zip$/);
      await repair(t.s, flags(t.urn, leftover));
      expect(counts(await t.recorded(), [], await zips())).toEqual({ live: 1, recorded: 0, shared: 0, reported: 0, leaked: 1 });
      const next = await t.s.ok("up");
      const reported = next.printed.includes(leftover) ? [leftover] : [];
      expect(counts(await t.recorded(), reported, await zips())).toEqual({ live: 2, recorded: 1, shared: 0, reported: 1, leaked: 0 });
      // Past the bound, the next create in the context (here a replacement) deletes the file and its marker.
      await agb.control.advanceClock(PAST_THE_BOUND_MS);
      const [ext] = resourcesOf(await t.s.exported(), EXTENSION_TYPE);
      await t.s.upReplacing(ext.urn);
      expect(counts(await t.recorded(), [], await zips())).toEqual({ live: 1, recorded: 1, shared: 0, reported: 0, leaked: 0 });
      expect(await t.files("/.pulumi-agb/creating")).toEqual([]);
      await destroyLeavesNothing(agb, t.s);
    });
  },
);

test.each(REPAIRS)(
  "pulumi killed mid-create of a Context after its rename, refresh %s: nothing recorded; the next up is refused naming the context; adoptExisting takes it back",
  async (name, flags) => {
    const key = `akm-cli-killed-ctx-${name.slice(2, 7)}`;
    const wanted = `killed-ctx-${name.slice(2, 7)}`;
    const config = { "paths:sessions": "0", "paths:contextName": wanted };
    await withStack(agb, { programDir: PROGRAM, key, config }, async (s) => {
      // After the rename, the create's look at the name (GetContext, its second) answers with dropped
      // connections: the kill lands once the context has the wanted name and before the create answers.
      await agb.control.injectFault({ operation: "GetContext", mode: "reset", skip: 1 });
      await upKilledWhen(s, "pulumi", async () => (await agb.control.contexts()).some((c) => c.name === wanted));
      await agb.control.clearFaults();
      const urn = await pendingCreate(s, CONTEXT_TYPE);
      const [made] = await liveContextIds(agb);
      const recorded = async () => idsOf(await s.exported(), CONTEXT_TYPE);
      await repair(s, flags(urn, made));
      expect(counts(await recorded(), [], await liveContextIds(agb))).toEqual({ live: 1, recorded: 0, shared: 0, reported: 0, leaked: 1 });

      const next = await s.run("up");
      expect(next.ok).toBe(false);
      const reported = next.printed.includes(`A context named "${wanted}" already exists (id ${made})`) ? [made] : [];
      expect(counts(await recorded(), reported, await liveContextIds(agb))).toEqual({
        live: 1,
        recorded: 0,
        shared: 0,
        reported: 1,
        leaked: 0,
      });
      await s.configure(agb.url, key, { ...config, "paths:adoptContext": "true" });
      await s.ok("up");
      expect(counts(await recorded(), [], await liveContextIds(agb))).toEqual({ live: 1, recorded: 1, shared: 0, reported: 0, leaked: 0 });
      expect(await recorded()).toEqual([made]);
      await destroyLeavesNothing(agb, s);
    });
  },
);
