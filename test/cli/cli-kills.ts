/**
 * Killing a real `pulumi up` mid-run, as the crash tests do: the up runs in its own process group
 * (so one signal reaches pulumi and everything it started), and the kill lands either on that whole
 * group (as a machine crash would) or on the dynamic provider host alone (the engine then fails the
 * up). What a kill leaves running is the test's to end (CliStack.endProcesses).
 */
import { spawn } from "node:child_process";
import { descendantPids } from "../reliability/support/engine";
import type { PerFileLocal } from "../support/per-file-local";
import { EXTENSION_TYPE, FILE_TYPE } from "./cli-stack";
import type { CliStack } from "./cli-stack";
import { withContextUp } from "./cli-steps";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a test waits for the moment to kill (the up's own timeouts are longer). */
const WAIT_MS = 300_000;
/** How long pulumi has to fail its up once the provider host is killed, before its whole group is killed too. */
const HOST_KILL_GRACE_MS = 120_000;

/** A `pulumi up --yes --skip-preview` of `s` in flight, in its own process group, its output collected. */
export class UpInFlight {
  output = "";
  ended = false;
  private readonly pid: number;
  private readonly exited: Promise<unknown>;

  /** `extraArgs` go after the up's own (e.g. `["--parallel", "10"]`); default none. */
  constructor(s: CliStack, extraArgs: string[] = []) {
    const args = ["up", "--yes", "--skip-preview", "--stack", s.stack, "--cwd", s.workDir, "--non-interactive", ...extraArgs];
    const child = spawn(s.pulumi, args, { cwd: s.workDir, env: s.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (this.output += d.toString()));
    this.pid = child.pid!;
    this.exited = new Promise((r) => child.once("exit", r)).then(() => (this.ended = true));
  }

  /** Polls `reached()` every `everyMs` until it holds, the up ends, or 300 s pass; whether it held. */
  async waitFor(reached: () => Promise<boolean>, everyMs = 50): Promise<boolean> {
    const stopAt = Date.now() + WAIT_MS;
    while (!this.ended && Date.now() < stopAt) {
      if (await reached()) return true;
      await sleep(everyMs);
    }
    return false;
  }

  /** SIGKILL of pulumi's whole process group (pulumi, its language host, the program, the provider host); waits for pulumi to exit. */
  async killGroup(): Promise<void> {
    process.kill(-this.pid, "SIGKILL");
    await this.exited;
  }

  /** SIGKILL of pulumi alone (what it started keeps running); waits for it to exit. */
  async killPulumiAlone(): Promise<void> {
    process.kill(this.pid, "SIGKILL");
    await this.exited;
  }

  /**
   * SIGKILL of the dynamic provider host under pulumi, then waits for pulumi to fail the up (its
   * whole group is killed if it has not exited within 120 s). False when no provider host was found.
   */
  async killProviderHost(): Promise<boolean> {
    const host = descendantPids(this.pid).find((p) => p.cmdline.includes("dynamic-provider"));
    if (host) process.kill(host.pid, "SIGKILL");
    const timer = setTimeout(() => process.kill(-this.pid, "SIGKILL"), HOST_KILL_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
    return !!host;
  }
}

/**
 * Runs `pulumi up` of `s` and, once `reached()` holds, SIGKILLs `what`: pulumi's whole process group,
 * or the dynamic provider host alone. Throws when the up ends first or no provider host is found;
 * ends what the kill left running; returns what the up printed.
 */
export async function upKilledWhen(s: CliStack, what: "pulumi" | "provider host", reached: () => Promise<boolean>): Promise<string> {
  const up = new UpInFlight(s);
  await up.waitFor(reached);
  if (up.ended) throw new Error(`the up ended before the moment to kill:\n${up.output}`);
  if (what === "pulumi") await up.killGroup();
  else if (!(await up.killProviderHost())) throw new Error(`no dynamic provider host under pulumi:\n${up.output}`);
  await s.endProcesses();
  return up.output;
}

export interface MidCreateKill {
  /** The API key of the stack's config. */
  key: string;
  /** The context (made by an earlier up) the new object goes into. */
  contextId: string;
  /** The stack config that adds the object (the stack keeps no sessions), e.g. `{ "paths:files": "1" }`. */
  objects: Record<string, string>;
  /** How many of the context's listings pass before the rest answer with dropped connections. */
  skipListings: number;
  /** How many files are in the context when the kill lands. */
  filesAtKill: number;
}

/** A kill mid-create of one object, without the stack's key and context. */
export type ObjectCreateKill = Omit<MidCreateKill, "key" | "contextId"> & {
  /** The type of the object whose create is cut short. */
  type: string;
};

/** Where a kill lands in the create of each kind of object of the paths program, every time. */
export const OBJECT_CREATE_KILLS: Record<"file" | "extension", ObjectCreateKill> = {
  // The create's third listing (after the upload; the first lists the write marks, the second looks
  // for a file already there) is held: the kill lands once the file is in the context, beside the
  // create's write mark.
  file: { type: FILE_TYPE, objects: { "paths:files": "1" }, skipListings: 2, filesAtKill: 2 },
  // The listing after the upload is held (the client retries it for about 20 s): the kill lands
  // once the zip and the create's marker are both in the context.
  extension: { type: EXTENSION_TYPE, objects: { "paths:extensions": "1" }, skipListings: 2, filesAtKill: 2 },
};

/**
 * Adds `k.objects` to the paths program's stack `s` and kills `what` mid-create of the new object:
 * the context's listings after the first `skipListings` answer with dropped connections (the create
 * waits in its retries), so the kill lands once `filesAtKill` files are in the context, every time.
 * The fault is cleared after the kill.
 */
export async function killMidObjectCreate(
  agb: PerFileLocal,
  s: CliStack,
  what: "pulumi" | "provider host",
  k: MidCreateKill,
): Promise<void> {
  const fileCount = async () => (await agb.control.contexts()).find((c) => c.id === k.contextId)?.fileCount ?? 0;
  await s.configure(agb.url, k.key, { "paths:sessions": "0", ...k.objects });
  await agb.control.injectFault({ operation: "DescribeContextFiles", mode: "reset", skip: k.skipListings });
  await upKilledWhen(s, what, async () => (await fileCount()) >= k.filesAtKill);
  await agb.control.clearFaults();
}

/**
 * A stack of the paths program (`programDir`) without sessions, its context made by a first up, then
 * `what` killed mid-create of the object `kill.objects` add (see killMidObjectCreate; the stack's
 * config holds `key`): `body` gets
 * the stack and the context's id; the stack is closed however the body ends.
 */
export async function withObjectCreateKilled(
  agb: PerFileLocal,
  programDir: string,
  what: "pulumi" | "provider host",
  key: string,
  kill: ObjectCreateKill,
  body: (s: CliStack, contextId: string) => Promise<void>,
): Promise<void> {
  await withContextUp(agb, { programDir, key, config: { "paths:sessions": "0" } }, async (s, contextId) => {
    await killMidObjectCreate(agb, s, what, { ...kill, key, contextId });
    await body(s, contextId);
  });
}

/** The up after a kill, with the repair the CLI tells when it refuses (a stale lock, a pending create); what the last up printed. */
export async function upAfterKill(s: CliStack): Promise<string> {
  const next = await s.run("up");
  if (next.ok) return next.printed;
  await s.repairAfterKill(next.printed);
  return (await s.ok("up")).printed;
}

/**
 * Counts after a kill: `live` ids in AGB against the `recorded` ids (from state, with repeats) and
 * the `reported` ids (named by id in what an up printed): recorded, shared (one object in two
 * resources), reported, leaked (in AGB, neither recorded nor reported).
 */
export function leftoverCounts(recorded: string[], reported: string[], live: string[]) {
  return {
    live: live.length,
    recorded: recorded.filter((id) => live.includes(id)).length,
    shared: recorded.length - new Set(recorded).size,
    reported: reported.filter((id) => live.includes(id)).length,
    leaked: live.filter((id) => !recorded.includes(id) && !reported.includes(id)).length,
  };
}
