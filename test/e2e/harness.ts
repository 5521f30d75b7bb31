/**
 * Shared pieces of the end-to-end suite: running an example through the test engine (or the real
 * CLI) against agb-local, and reading what agb-local and the state file say.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import type { RunResult } from "../../dist-engine";

export const ROOT = resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const engine = require(join(ROOT, "dist-engine")) as typeof import("../../dist-engine");
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const local = require(join(ROOT, "dist", "local")) as typeof import("../../dist/local");

export interface ExampleCase {
  dir: string;
  project: string;
  stack: string;
  /** The image to switch to in the replace step. */
  nextImage: string;
}

export const EXAMPLES: ExampleCase[] = [
  { dir: "quickstart", project: "agb-quickstart", stack: "e2e", nextImage: "agb-code-space-2" },
  { dir: "archive-sync", project: "agb-archive-sync", stack: "e2e", nextImage: "agb-code-space-2" },
  { dir: "recycle-policy", project: "agb-recycle-policy", stack: "e2e", nextImage: "agb-code-space-2" },
  { dir: "browser-extensions", project: "agb-browser-extensions", stack: "e2e", nextImage: "agb-browser-use-2" },
  { dir: "environments", project: "agb-environments", stack: "dev", nextImage: "agb-code-space-2" },
];

export function pulumiOnPath(): boolean {
  const r = spawnSync("which", ["pulumi"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() !== "";
}

/** Runs engine operations for one example with fixed endpoint, key and state dir. */
export class EngineRunner {
  readonly stateDir = mkdtempSync(join(tmpdir(), "agb-e2e-state-"));
  readonly printed: string[] = [];
  config: Record<string, string> = {};

  constructor(readonly ex: ExampleCase, readonly endpoint: string, readonly apiKey: string) {}

  async run(op: "preview" | "up" | "refresh" | "preview-refresh" | "destroy"): Promise<RunResult> {
    const cfg: Record<string, string> = { "agb:endpoint": this.endpoint };
    for (const [k, v] of Object.entries(this.config)) cfg[`${this.ex.project}:${k}`] = v;
    const r = await engine.runOperation({
      op, programDir: join(ROOT, "examples", this.ex.dir), stack: this.ex.stack, stateDir: this.stateDir,
      config: cfg, secretConfig: { "agb:apiKey": this.apiKey }, parallel: 4,
    });
    this.printed.push(r.printed);
    if (!r.ok) throw new Error(`${this.ex.dir}: ${op} failed: ${r.error}\n${r.printed}`);
    return r;
  }

  stateText(): string {
    return readFileSync(join(this.stateDir, `${this.ex.stack}.json`), "utf8");
  }

  /** Session ids recorded in state (live ones, not replaced copies). */
  sessionIds(): string[] {
    const state = JSON.parse(this.stateText()) as { resources: { type: string; id: string; pendingDelete?: boolean }[] };
    return state.resources.filter((r) => r.type.endsWith("agb:Session") && !r.pendingDelete).map((r) => r.id).sort();
  }

  contextIds(): string[] {
    const state = JSON.parse(this.stateText()) as { resources: { type: string; id: string }[] };
    return state.resources.filter((r) => r.type.endsWith("agb:Context")).map((r) => r.id).sort();
  }
}

/** Calls the AGB API itself (out of band), as another tool or a person would. */
export async function agbCall(endpoint: string, apiKey: string, method: "GET" | "POST", path: string, query: Record<string, string>): Promise<unknown> {
  const url = `${endpoint}${path}?${new URLSearchParams(query).toString()}`;
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, signal: AbortSignal.timeout(10000) });
  const body = (await res.json()) as { success?: boolean };
  if (!res.ok || body.success === false) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export const LIVE = new Set(["RUNNING", "PENDING"]);
