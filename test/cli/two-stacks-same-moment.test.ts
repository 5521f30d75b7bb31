/**
 * Two stacks with the same names (two file backends, one account) writing one path of a context both
 * reach, at the same moment, under the real CLI against agb-local. A `"hold"` fault keeps both
 * creates' first upload-URL requests (their write marks', write-claim.ts) open until both are held,
 * then releases them together. AGB has no "write only if absent" call; the claim makes at most one
 * create write, and the other stack is told, naming the path. After both have run `up` again, one
 * stack records the file and the other was refused; removing the ContextFile from the refused stack
 * leaves the file the first records.
 * Counts: files in AGB, recorded (ids across both states), shared (one file in two resources).
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { untilHeld } from "../support/held-faults";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
const agb = useCliAgbLocal();

test("two stacks with the same names (two backends) write one path of a context both reach at the same moment: at most one writes, the other is told naming the path; nothing is shared, and removing the refused one keeps the other's file", async () => {
  const key = "akm-cli-two-stacks-same-moment";
  const [first, second] = [new CliStack({ programDir: PROGRAM }), new CliStack({ programDir: PROGRAM })];
  try {
    await first.init(agb.url, key, { "paths:sessions": "0" });
    await first.ok("up");
    const [ctx] = resourcesOf(await first.exported(), CONTEXT_TYPE);
    // The second stack reaches the same context by adopting it (it states that no one else manages it).
    await second.init(agb.url, key, { "paths:sessions": "0", "paths:adoptContext": "true" });
    await second.ok("up");

    await first.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    await second.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1", "paths:adoptContext": "true" });
    const { id } = await agb.control.injectFault({ operation: "GetContextFileUploadUrl", mode: "hold", count: 2, holdMs: 600_000 });
    const ups = Promise.all([first.run("up"), second.run("up")]);
    await untilHeld(agb.control, id, 2);
    expect(await agb.control.releaseHeld(id)).toEqual({ released: 2 });
    const firstRound = await ups;

    const client = directClient(agb.url, key);
    const live = async () =>
      (await client.describeContextFiles({ contextId: ctx.id!, parentFolderPath: "/data" })).files
        .filter((f) => f.fileType !== "folder")
        .map((f) => `${ctx.id}:${f.filePath}`);
    const recordedIn = async (s: CliStack) => resourcesOf(await s.exported(), FILE_TYPE).map((r) => r.id!);
    const counts = async () => {
      const recorded = [...(await recordedIn(first)), ...(await recordedIn(second))];
      return { live: (await live()).length, recorded: recorded.length, shared: recorded.length - new Set(recorded).size };
    };
    const written = firstRound.filter((r) => r.ok).length;
    expect(written).toBeLessThanOrEqual(1);
    // A create that lists after the other has finished sees its file instead of its mark.
    for (const refused of firstRound.filter((r) => !r.ok)) {
      expect(refused.printed).toMatch(
        new RegExp(`(Another create is writing|A file already exists at) /data/seed\\.txt in context ${ctx.id}`),
      );
    }
    expect(await counts()).toEqual({ live: written, recorded: written, shared: 0 });

    // The refused stacks run up again, one after the other: one file, one owner; a later one is
    // refused as the path is taken.
    const stacks = [first, second];
    for (const [i, s] of stacks.entries()) {
      if (firstRound[i].ok) continue;
      const again = await s.run("up");
      if (!again.ok) expect(again.printed).toContain(`A file already exists at /data/seed.txt in context ${ctx.id}`);
    }
    expect(await counts()).toEqual({ live: 1, recorded: 1, shared: 0 });
    const holder = (await recordedIn(first)).length === 1 ? first : second;
    const refusedStack = holder === first ? second : first;

    // The refused stack drops its ContextFile: the holder's file stays.
    const base: Record<string, string> = refusedStack === second ? { "paths:adoptContext": "true" } : {};
    await refusedStack.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "0", ...base });
    await refusedStack.ok("up");
    expect(await live()).toEqual([`${ctx.id}:/data/seed.txt`]);
    expect(await recordedIn(holder)).toEqual([`${ctx.id}:/data/seed.txt`]);

    // The second stack drops its file if it is the holder, then forgets the context it adopted (its
    // destroy would delete the first's context, which the first's destroy then deletes).
    await second.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "0", "paths:adoptContext": "true" });
    await second.ok("up");
    await second.must(["stack", "rm", "--yes", "--force", "--stack", second.stack]);
    await first.ok("destroy");
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await first.close();
    await second.close();
  }
});
