/**
 * Two stacks with the same names (two file backends, one account) writing one path of a context both
 * reach, at the same moment, under the real CLI against agb-local. A `"hold"` fault keeps both
 * creates' upload-URL requests open (each create has looked at the path and found it free) until
 * both are held, then releases them together. AGB has no "write only if absent" call, so this is the
 * limitation docs/ownership-objects.md states: both stacks write the file and neither is told.
 * Removing the file from one stack then deletes the file the other still records.
 * Counts: files in AGB, recorded (ids across both states), shared (one file in two resources).
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
const agb = useCliAgbLocal();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (deadline 300 s) until the fault `id` holds `n` requests. */
async function untilHeld(id: string, n: number): Promise<void> {
  const stopAt = Date.now() + 300_000;
  for (;;) {
    const fault = (await agb.control.faults()).find((f) => f.id === id);
    if (fault?.held === n) return;
    if (Date.now() > stopAt) throw new Error(`fault ${id} holds ${fault?.held} requests, not ${n}`);
    await sleep(100);
  }
}

test("two stacks with the same names (two backends) write one path of a context both reach at the same moment: both write it, neither is told, both record the one file", async () => {
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
    await untilHeld(id, 2);
    expect(await agb.control.releaseHeld(id)).toEqual({ released: 2 });
    const [a, b] = await ups;
    expect({ first: a.ok, second: b.ok }).toEqual({ first: true, second: true });
    expect(a.printed + b.printed).not.toMatch(/already exists/);

    const client = directClient(agb.url, key);
    const live = (await client.describeContextFiles({ contextId: ctx.id!, parentFolderPath: "/data" })).files
      .filter((f) => f.fileType !== "folder")
      .map((f) => `${ctx.id}:${f.filePath}`);
    const recorded = [...resourcesOf(await first.exported(), FILE_TYPE), ...resourcesOf(await second.exported(), FILE_TYPE)].map(
      (r) => r.id!,
    );
    expect({ live: live.length, recorded: recorded.length, shared: recorded.length - new Set(recorded).size }).toEqual({
      live: 1,
      recorded: 2,
      shared: 1,
    });
    expect(new Set(recorded)).toEqual(new Set(live));

    // What sharing costs: the second stack removes its ContextFile, and the file the first stack
    // still records is gone.
    await second.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "0", "paths:adoptContext": "true" });
    await second.ok("up");
    const after = await client.describeContextFiles({ contextId: ctx.id!, parentFolderPath: "/data" });
    expect(after.files.filter((f) => f.fileType !== "folder")).toEqual([]);
    expect(resourcesOf(await first.exported(), FILE_TYPE).map((r) => r.id)).toEqual([live[0]]);

    // The second stack forgets the context it adopted (its destroy would delete the first's context).
    await second.must(["stack", "rm", "--yes", "--force", "--stack", second.stack]);
    await first.ok("destroy");
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await first.close();
    await second.close();
  }
});
