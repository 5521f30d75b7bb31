/**
 * What a create cut short by SIGKILL of the dynamic provider host leaves, under the real CLI (file
 * backend, agb-local): a Context killed between its get-or-create and its rename (an empty
 * `<name>~pulumi-<hex>` context), and a BrowserExtension killed after its zip landed and before the
 * engine recorded it (an `ext_<hex>.zip` file). A fault holds the create at that moment (the call
 * after it is answered by a dropped connection, so it never lands), which makes the kill land there
 * every time. Then the repair the CLI tells and the next `up`: it names the leftover by id in a
 * warning; once the leftover is older than the bound, the next create of the same kind deletes it.
 * A ContextFile killed after its upload landed: the next `up` is refused naming the file, and
 * `adoptExisting: true` takes it over.
 * Counts: objects in AGB, recorded, shared (one object in two resources), reported by id, leaked
 * (in AGB, neither recorded nor reported).
 */
import { join } from "node:path";
import { ROOT } from "../../engine/harness";
import { useCliAgbLocal } from "../../cli/cli-agb-local";
import { leftoverCounts as counts, OBJECT_CREATE_KILLS, upAfterKill, upKilledWhen, withObjectCreateKilled } from "../../cli/cli-kills";
import { fileText, liveFiles } from "../../cli/cli-objects";
import { CONTEXT_TYPE, EXTENSION_TYPE, FILE_TYPE, idsOf, resourcesOf } from "../../cli/cli-stack";
import type { CliStack } from "../../cli/cli-stack";
import { destroyLeavesNothing, liveContextIds, withStack } from "../../cli/cli-steps";
import { record, resetPoint, writeSummary } from "../support/results";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
/** Past the provider's two-hour bound (context-leftovers.ts, extension-leftovers.ts). */
const PAST_THE_BOUND_MS = 3 * 60 * 60 * 1000;
const agb = useCliAgbLocal();
const POINT = "16-object-leftovers-cli";
const NO_SESSIONS = { "paths:sessions": "0" };

beforeAll(() => resetPoint(POINT));
afterAll(() => writeSummary());

type Counts = ReturnType<typeof counts>;

/** One row of the reliability table: the counts after the next up, and after the step that resolves the leftover. */
function row(name: string, afterKill: Counts, pastBound: Counts, resolved = "a create past the bound"): void {
  const text = (c: Counts) => `in AGB ${c.live}, recorded ${c.recorded}, reported by id ${c.reported}, leaked ${c.leaked}`;
  record(POINT, "16", "Objects left by a provider host killed mid-create, under the real CLI", {
    [name]: `next up: ${text(afterKill)}; ${resolved}: ${text(pastBound)}`,
  });
}

/**
 * Past the provider's two-hour bound, `up --replace` of the stack's one resource of `type` (the next
 * create of its kind), which says nothing of the `leftover` it deletes.
 */
async function replacePastTheBound(s: CliStack, type: string, leftover: string): Promise<void> {
  await agb.control.advanceClock(PAST_THE_BOUND_MS);
  const [resource] = resourcesOf(await s.exported(), type);
  expect(await s.upReplacing(resource.urn)).not.toContain(leftover);
}

const requests = async (operation: string) => (await agb.control.counters()).requests[operation] ?? 0;

test("provider host killed between a Context create's two calls: the next up names the leftover by id; a create past the bound deletes it", async () => {
  await withStack(agb, { programDir: PROGRAM, key: "akm-cli-context-leftover", config: NO_SESSIONS }, async (s) => {
    // The rename answers with a dropped connection and never lands: the create waits in its retries.
    await agb.control.injectFault({ operation: "ModifyContext", mode: "reset" });
    await upKilledWhen(s, "provider host", async () => (await requests("ModifyContext")) >= 1);
    await agb.control.clearFaults();
    const [leftover] = await agb.control.contexts();
    expect(leftover.name).toMatch(/~pulumi-[0-9a-f]{16}$/);

    const printed = await upAfterKill(s);
    const recorded = async () => idsOf(await s.exported(), CONTEXT_TYPE);
    const reported = printed.includes(leftover.id) && /pulumi-<hex>/.test(printed) ? [leftover.id] : [];
    const afterKill = counts(await recorded(), reported, await liveContextIds(agb));
    expect(afterKill).toEqual({ live: 2, recorded: 1, shared: 0, reported: 1, leaked: 0 });
    // Only the up whose create found it prints it: the next up creates nothing and says nothing of it.
    expect((await s.ok("up")).printed).not.toContain(leftover.id);

    // Past the bound, the next create of the name (here a replacement) deletes it.
    await replacePastTheBound(s, CONTEXT_TYPE, leftover.id);
    const pastBound = counts(await recorded(), [], await liveContextIds(agb));
    expect(pastBound).toEqual({ live: 1, recorded: 1, shared: 0, reported: 0, leaked: 0 });
    row("Context killed between its two calls", afterKill, pastBound);
    await destroyLeavesNothing(agb, s);
  });
});

test("provider host killed after a BrowserExtension's zip landed, before the engine saved it: the next up names the file by id; a create past the bound deletes it", async () => {
  const key = "akm-cli-extension-leftover";
  await withObjectCreateKilled(agb, PROGRAM, "provider host", key, OBJECT_CREATE_KILLS.extension, async (s, ctx) => {
    const zips = () => liveFiles(agb, key, ctx, "/tmp/extensions");
    const [leftover] = await zips();
    expect(leftover).toMatch(/:\/tmp\/extensions\/ext_[0-9a-f]{32}\.zip$/);

    const printed = await upAfterKill(s);
    const recorded = async () => idsOf(await s.exported(), EXTENSION_TYPE);
    const afterKill = counts(await recorded(), printed.includes(leftover) ? [leftover] : [], await zips());
    expect(afterKill).toEqual({ live: 2, recorded: 1, shared: 0, reported: 1, leaked: 0 });

    // Past the bound, the next create in the context (here a replacement) deletes the file and its mark.
    await replacePastTheBound(s, EXTENSION_TYPE, leftover);
    const pastBound = counts(await recorded(), [], await zips());
    expect(pastBound).toEqual({ live: 1, recorded: 1, shared: 0, reported: 0, leaked: 0 });
    expect(await liveFiles(agb, key, ctx, "/.pulumi-agb/creating")).toEqual([]);
    row("BrowserExtension killed after its zip landed", afterKill, pastBound);
    await destroyLeavesNothing(agb, s);
  });
});

test("provider host killed after a ContextFile's upload landed, before the engine recorded it: the next up is refused naming the file; adoptExisting takes it over", async () => {
  const key = "akm-cli-file-leftover";
  await withObjectCreateKilled(agb, PROGRAM, "provider host", key, OBJECT_CREATE_KILLS.file, async (s, ctx) => {
    const files = () => liveFiles(agb, key, ctx, "/data");
    const [leftover] = await files();
    expect(leftover).toBe(`${ctx}:/data/seed.txt`);

    // The next up (after the repair the CLI tells, if any) refuses to write over it, naming it.
    let next = await s.run("up");
    if (!next.ok && /locked|pending/i.test(next.printed)) {
      await s.repairAfterKill(next.printed);
      next = await s.run("up");
    }
    expect(next.ok).toBe(false);
    const recorded = async () => idsOf(await s.exported(), FILE_TYPE);
    // The killed create's write mark stayed: the refusal names the path and the mark.
    const refusal = `Another create is writing /data/seed.txt in context ${ctx}, or one was cut short`;
    const reported = next.printed.includes(refusal) ? [leftover] : [];
    const afterKill = counts(await recorded(), reported, await files());
    expect(afterKill).toEqual({ live: 1, recorded: 0, shared: 0, reported: 1, leaked: 0 });

    // adoptExisting takes the file over: recorded once, with this resource's bytes.
    await s.configure(agb.url, key, { ...NO_SESSIONS, "paths:files": "1", "paths:adoptFiles": "true" });
    await s.ok("up");
    const adopted = counts(await recorded(), [], await files());
    expect(adopted).toEqual({ live: 1, recorded: 1, shared: 0, reported: 0, leaked: 0 });
    expect(await fileText(agb, key, ctx, "/data/seed.txt")).toBe("seed 0");
    row("ContextFile killed after its upload landed", afterKill, adopted, "an up with adoptExisting");
    await destroyLeavesNothing(agb, s);
  });
});
