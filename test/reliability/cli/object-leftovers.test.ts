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
 * Counts: objects in AGB, recorded, reported by id, leaked (in AGB, neither recorded nor reported).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../../engine/harness";
import { useCliAgbLocal } from "../../cli/cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf } from "../../cli/cli-stack";
import { directClient } from "../../support/handler-helpers";
import { descendantPids } from "../support/engine";
import { record, resetPoint, writeSummary } from "../support/results";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const EXTENSION_TYPE = "pulumi-nodejs:dynamic/agb:BrowserExtension";
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
/** Past the provider's two-hour bound (context-leftovers.ts, extension-leftovers.ts). */
const PAST_THE_BOUND_MS = 3 * 60 * 60 * 1000;
const agb = useCliAgbLocal();
const POINT = "16-object-leftovers-cli";

beforeAll(() => resetPoint(POINT));
afterAll(() => writeSummary());

/** One row of the reliability table: the counts after the next up, and after the step that resolves the leftover. */
function row(
  name: string,
  afterKill: ReturnType<typeof counts>,
  pastBound: ReturnType<typeof counts>,
  resolved = "a create past the bound",
): void {
  const text = (c: ReturnType<typeof counts>) =>
    `in AGB ${c.live}, recorded ${c.recorded}, reported by id ${c.reported}, leaked ${c.leaked}`;
  record(POINT, "16", "Objects left by a provider host killed mid-create, under the real CLI", {
    [name]: `next up: ${text(afterKill)}; ${resolved}: ${text(pastBound)}`,
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `pulumi up` and SIGKILLs the dynamic provider host as soon as `reached()` holds (the up is
 * then failed by the engine), ends what the kill left running, and returns what the up printed.
 */
async function upKillingHostWhen(s: CliStack, reached: () => Promise<boolean>): Promise<string> {
  const child = spawn(s.pulumi, ["up", "--yes", "--skip-preview", "--stack", s.stack, "--cwd", s.workDir, "--non-interactive"], {
    cwd: s.workDir,
    env: s.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  let ended = false;
  const exited = new Promise((r) => child.once("exit", r)).then(() => (ended = true));
  const stopAt = Date.now() + 300_000;
  while (!ended && Date.now() < stopAt && !(await reached())) await sleep(50);
  if (ended) throw new Error(`the up ended before the moment to kill:\n${output}`);
  const host = descendantPids(child.pid!).find((p) => p.cmdline.includes("dynamic-provider"));
  if (!host) throw new Error(`no dynamic provider host under pulumi:\n${output}`);
  process.kill(host.pid, "SIGKILL");
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
  await exited;
  clearTimeout(timer);
  await s.endProcesses();
  return output;
}

/** The up after a kill, with the repair the CLI tells when it refuses (a stale lock, a pending create). */
async function upAfterKill(s: CliStack): Promise<string> {
  const next = await s.run("up");
  if (next.ok) return next.printed;
  if (/locked/i.test(next.printed)) await s.must(["cancel", "--yes", "--stack", s.stack]);
  await s.must(["refresh", "--yes", "--skip-preview", "--clear-pending-creates", "--stack", s.stack]);
  return (await s.ok("up")).printed;
}

/** Ownership counts: `recorded` and `reported` ids against `live` ids in AGB. */
function counts(recorded: string[], reported: string[], live: string[]) {
  return {
    live: live.length,
    recorded: recorded.filter((id) => live.includes(id)).length,
    reported: reported.filter((id) => live.includes(id)).length,
    leaked: live.filter((id) => !recorded.includes(id) && !reported.includes(id)).length,
  };
}

const requests = async (operation: string) => (await agb.control.counters()).requests[operation] ?? 0;

test("provider host killed between a Context create's two calls: the next up names the leftover by id; a create past the bound deletes it", async () => {
  const key = "akm-cli-context-leftover";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0" });
    // The rename answers with a dropped connection and never lands: the create waits in its retries.
    await agb.control.injectFault({ operation: "ModifyContext", mode: "reset" });
    await upKillingHostWhen(s, async () => (await requests("ModifyContext")) >= 1);
    await agb.control.clearFaults();
    const [leftover] = await agb.control.contexts();
    expect(leftover.name).toMatch(/~pulumi-[0-9a-f]{16}$/);

    const printed = await upAfterKill(s);
    const recorded = () => s.exported().then((d) => resourcesOf(d, CONTEXT_TYPE).map((r) => r.id!));
    const live = async () => (await agb.control.contexts()).map((c) => c.id);
    const reported = printed.includes(leftover.id) && /pulumi-<hex>/.test(printed) ? [leftover.id] : [];
    const afterKill = counts(await recorded(), reported, await live());
    expect(afterKill).toEqual({ live: 2, recorded: 1, reported: 1, leaked: 0 });
    // Only the up whose create found it prints it: the next up creates nothing and says nothing of it.
    expect((await s.ok("up")).printed).not.toContain(leftover.id);

    // Past the bound, the next create of the name (here a replacement) deletes it.
    await agb.control.advanceClock(PAST_THE_BOUND_MS);
    const [work] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    const replaced = await s.must(["up", "--yes", "--skip-preview", "--replace", work.urn, "--stack", s.stack]);
    expect(replaced).not.toContain(leftover.id);
    const pastBound = counts(await recorded(), [], await live());
    expect(pastBound).toEqual({ live: 1, recorded: 1, reported: 0, leaked: 0 });
    row("Context killed between its two calls", afterKill, pastBound);
    await s.ok("destroy");
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("provider host killed after a BrowserExtension's zip landed, before the engine saved it: the next up names the file by id; a create past the bound deletes it", async () => {
  const key = "akm-cli-extension-leftover";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0" });
    await s.ok("up");
    const [ctx] = await agb.control.contexts();
    const client = directClient(agb.url, key);
    const files = async (folder: string) =>
      (await client.describeContextFiles({ contextId: ctx.id, parentFolderPath: folder })).files.map((f) => `${ctx.id}:${f.filePath}`);

    // The create's listing after its upload answers with dropped connections (the client retries it
    // for about 20 s): the kill lands once the zip and the create's mark are both in the context.
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:extensions": "1" });
    await agb.control.injectFault({ operation: "DescribeContextFiles", mode: "reset", skip: 2 });
    await upKillingHostWhen(s, async () => ((await agb.control.contexts()).find((c) => c.id === ctx.id)?.fileCount ?? 0) >= 2);
    await agb.control.clearFaults();
    const [leftover] = await files("/tmp/extensions");
    expect(leftover).toMatch(/:\/tmp\/extensions\/ext_[0-9a-f]{32}\.zip$/);

    const printed = await upAfterKill(s);
    const recorded = () => s.exported().then((d) => resourcesOf(d, EXTENSION_TYPE).map((r) => r.id!));
    const reported = printed.includes(leftover) ? [leftover] : [];
    const afterKill = counts(await recorded(), reported, await files("/tmp/extensions"));
    expect(afterKill).toEqual({ live: 2, recorded: 1, reported: 1, leaked: 0 });

    // Past the bound, the next create in the context (here a replacement) deletes the file and its mark.
    await agb.control.advanceClock(PAST_THE_BOUND_MS);
    const [ext] = resourcesOf(await s.exported(), EXTENSION_TYPE);
    const replaced = await s.must(["up", "--yes", "--skip-preview", "--replace", ext.urn, "--stack", s.stack]);
    expect(replaced).not.toContain(leftover);
    const pastBound = counts(await recorded(), [], await files("/tmp/extensions"));
    expect(pastBound).toEqual({ live: 1, recorded: 1, reported: 0, leaked: 0 });
    expect(await files("/.pulumi-agb/creating")).toEqual([]);
    row("BrowserExtension killed after its zip landed", afterKill, pastBound);
    await s.ok("destroy");
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("provider host killed after a ContextFile's upload landed, before the engine recorded it: the next up is refused naming the file; adoptExisting takes it over", async () => {
  const key = "akm-cli-file-leftover";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "paths:sessions": "0" });
    await s.ok("up");
    const [ctx] = await agb.control.contexts();
    const client = directClient(agb.url, key);
    const files = async () =>
      (await client.describeContextFiles({ contextId: ctx.id, parentFolderPath: "/data" })).files
        .filter((f) => f.fileType !== "folder")
        .map((f) => `${ctx.id}:${f.filePath}`);

    // The create's listing after its upload (the third: the first lists the write marks, the second
    // looks for a file already there) answers with dropped connections: the kill lands once the file
    // is in the context, beside the create's write mark.
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1" });
    await agb.control.injectFault({ operation: "DescribeContextFiles", mode: "reset", skip: 2 });
    await upKillingHostWhen(s, async () => ((await agb.control.contexts()).find((c) => c.id === ctx.id)?.fileCount ?? 0) >= 2);
    await agb.control.clearFaults();
    const [leftover] = await files();
    expect(leftover).toBe(`${ctx.id}:/data/seed.txt`);

    // The next up (after the repair the CLI tells, if any) refuses to write over it, naming it.
    let next = await s.run("up");
    if (!next.ok && /locked|pending/i.test(next.printed)) {
      if (/locked/i.test(next.printed)) await s.must(["cancel", "--yes", "--stack", s.stack]);
      await s.must(["refresh", "--yes", "--skip-preview", "--clear-pending-creates", "--stack", s.stack]);
      next = await s.run("up");
    }
    expect(next.ok).toBe(false);
    const recorded = () => s.exported().then((d) => resourcesOf(d, FILE_TYPE).map((r) => r.id!));
    // The killed create's write mark stayed: the refusal names the path and the mark.
    const refusal = `Another create is writing /data/seed.txt in context ${ctx.id}, or one was cut short`;
    const reported = next.printed.includes(refusal) ? [leftover] : [];
    const afterKill = counts(await recorded(), reported, await files());
    expect(afterKill).toEqual({ live: 1, recorded: 0, reported: 1, leaked: 0 });

    // adoptExisting takes the file over: recorded once, with this resource's bytes.
    await s.configure(agb.url, key, { "paths:sessions": "0", "paths:files": "1", "paths:adoptFiles": "true" });
    await s.ok("up");
    const adopted = counts(await recorded(), [], await files());
    expect(adopted).toEqual({ live: 1, recorded: 1, reported: 0, leaked: 0 });
    const { url } = await client.getContextFileDownloadUrl(ctx.id, "/data/seed.txt");
    expect(await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text()).toBe("seed 0");
    row("ContextFile killed after its upload landed", afterKill, adopted, "an up with adoptExisting");
    await s.ok("destroy");
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
  }
});
