/**
 * The test engine (test/engine, built to dist-engine/ by `npm run build`, which `npm run
 * test:reliability` runs first) as the reliability tests use it: run an operation of the fleet
 * program against an agb-local, and read what the stack's state holds.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const REPO = join(__dirname, "..", "..", "..");
export const FLEET_DIR = join(__dirname, "..", "programs", "fleet");
const ENGINE_OUT = join(REPO, "dist-engine");

export const SESSION_TYPE = "pulumi-nodejs:dynamic/agb:Session";
export const CONTEXT_TYPE = "pulumi-nodejs:dynamic/agb:Context";

/** process.env without AGB_* (the stack config must be the only source of key and endpoint). */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AGB_")) env[k] = v;
  return { ...env, ...extra };
}

export interface FleetRun {
  op: "preview" | "up" | "refresh" | "destroy";
  stack: string;
  stateDir: string;
  endpoint: string;
  apiKey: string;
  /** fleet:* config, e.g. { sessions: 40 }. */
  fleet?: Record<string, string | number | boolean>;
  /** Another program directory (an example); default the fleet program. */
  programDir?: string;
  /** More plain config (namespaced keys). */
  config?: Record<string, string>;
  /** Resource steps at once; default 8. */
  parallel?: number;
  /** URNs to replace as `pulumi up --replace <urn>` does; default none. */
  replace?: string[];
  /** Kill the engine (its whole process group) after this long; default 240000 ms. */
  timeoutMs?: number;
}

export interface EngineProcess {
  child: ChildProcess;
  /** stdout + stderr so far (the engine echoes every line it prints). */
  output(): string;
  exited: Promise<number | string>;
}

/** Name of the environment variable the engine reads the secret API key from (never argv). */
const KEY_ENV = "RELIABILITY_AGB_API_KEY";

/**
 * Starts the engine CLI (dist-engine/cli.js) in its own process group, so a crash test can SIGKILL
 * the engine together with the program and the provider host it started. Out of process on purpose:
 * the engine, the program and the host then run as they do under the real CLI, not inside Jest.
 */
export function spawnEngine(r: FleetRun): EngineProcess {
  const args = [
    join(ENGINE_OUT, "cli.js"),
    r.op,
    "--cwd",
    r.programDir ?? FLEET_DIR,
    "--stack",
    r.stack,
    "--state-dir",
    r.stateDir,
    "--parallel",
    String(r.parallel ?? 8),
    "--config",
    `agb:endpoint=${r.endpoint}`,
    "--secret-env",
    `agb:apiKey=${KEY_ENV}`,
  ];
  for (const [k, v] of Object.entries(r.fleet ?? {})) args.push("--config", `fleet:${k}=${String(v)}`);
  for (const [k, v] of Object.entries(r.config ?? {})) args.push("--config", `${k}=${v}`);
  for (const urn of r.replace ?? []) args.push("--replace", urn);
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: cleanEnv({ [KEY_ENV]: r.apiKey }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once("close", (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, output: () => out, exited };
}

/** SIGKILLs the engine's process group (engine, program, provider host), if still running. */
export function killEngineGroup(p: EngineProcess): void {
  try {
    if (p.child.pid) process.kill(-p.child.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

export interface EngineResult {
  ok: boolean;
  code: number | string;
  output: string;
  /** The first `error:` line the engine printed, if any. */
  error?: string;
}

/** One engine operation on the fleet program, to completion (bounded by timeoutMs). */
export async function runFleet(r: FleetRun): Promise<EngineResult> {
  const p = spawnEngine(r);
  const timer = setTimeout(() => killEngineGroup(p), r.timeoutMs ?? 240_000);
  const code = await p.exited;
  clearTimeout(timer);
  killEngineGroup(p); // nothing of this run may outlive it
  const output = p.output();
  // The engine prints each error once, indented under "Diagnostics:" after the resource it is about.
  const error = /^\s*(error: .*)$/m.exec(output)?.[1];
  return { ok: code === 0, code, output, error: code === 0 ? undefined : (error ?? `engine exited with ${String(code)}`) };
}

export interface StateResource {
  urn: string;
  type: string;
  id: string;
  pendingDelete?: boolean;
  initErrors?: string[];
  outputs: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

/** The raw (encrypted-secrets) state file of a stack; empty when none was written. */
export function readStateFile(stateDir: string, stack: string): { text: string; resources: StateResource[] } {
  const path = join(stateDir, `${stack}.json`);
  if (!existsSync(path)) return { text: "", resources: [] };
  const text = readFileSync(path, "utf8");
  return { text, resources: (JSON.parse(text) as { resources: StateResource[] }).resources };
}

export function idsOfType(resources: StateResource[], type: string): string[] {
  return resources.filter((r) => r.type === type && r.id).map((r) => r.id);
}

/** The 12 hex chars agb-local shows for an API key (sha256 prefix). */
export function apiKeyHash(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 12);
}

/** Direct children of a process (from /proc), e.g. the program and the provider host of an engine. */
export function childPids(pid: number): Array<{ pid: number; cmdline: string }> {
  return processTable()
    .filter((p) => p.ppid === pid)
    .map(({ pid: child, cmdline }) => ({ pid: child, cmdline }));
}

/** Every process whose parent chain leads to `pid` (children, their children, ...). */
export function descendantPids(pid: number): Array<{ pid: number; cmdline: string }> {
  const table = processTable();
  const out: Array<{ pid: number; cmdline: string }> = [];
  const walk = (parent: number) => {
    for (const p of table) if (p.ppid === parent) (out.push({ pid: p.pid, cmdline: p.cmdline }), walk(p.pid));
  };
  walk(pid);
  return out;
}

/** pid, parent pid and command line of every process, from /proc. */
function processTable(): Array<{ pid: number; ppid: number; cmdline: string }> {
  const out: Array<{ pid: number; ppid: number; cmdline: string }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      out.push({ pid: Number(entry), ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ") });
    } catch {
      /* the process ended meanwhile */
    }
  }
  return out;
}
