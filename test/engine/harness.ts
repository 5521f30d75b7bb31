/**
 * Shared pieces of the end-to-end suite: one runner interface with two implementations (the
 * in-repo test engine, and the real `pulumi` CLI with a local file backend), plus reading what
 * agb-local and the state say. The flow assertions in examples.test.ts run through either.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Operation, PulumiCli, Step } from "../../dist-engine";
import { scratchDir } from "../support/test-run";

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

export const pulumiOnPath = (): boolean => engine.pulumiOnPath();

export interface FlowResult {
  steps: Step[];
  summary: string;
}

/** What the flow needs from "something that runs a Pulumi program": the engine or the CLI. */
export interface FlowRunner {
  /** Project config by project-relative key (imageId, labels, ...); applied on the next run. */
  config: Record<string, string>;
  /** Everything the runs printed, one entry per run. */
  readonly printed: string[];
  /** Fails (throws, with the output) when the operation fails. `expectNoChanges`: fail on any change. */
  run(op: Operation, o?: { expectNoChanges?: boolean }): Promise<FlowResult>;
  /** The stack's state as stored (secrets encrypted). */
  stateText(): Promise<string>;
  /** Stack outputs after the last run; secret outputs may be masked. */
  outputs(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export type RunnerFactory = (ex: ExampleCase, endpoint: string, apiKey: string) => FlowRunner;

interface StoredResource {
  type: string;
  id: string;
  pending: boolean;
}

/** Resources of either state format: the engine's file or `pulumi stack export` (pending deletes flagged `delete`). */
export function stateResources(text: string): StoredResource[] {
  const doc = JSON.parse(text) as {
    resources?: { type: string; id: string; pendingDelete?: boolean }[];
    deployment?: { resources?: { type: string; id?: string; delete?: boolean }[] };
  };
  if (doc.deployment) return (doc.deployment.resources ?? []).map((r) => ({ type: r.type, id: r.id ?? "", pending: !!r.delete }));
  return (doc.resources ?? []).map((r) => ({ type: r.type, id: r.id, pending: !!r.pendingDelete }));
}

/** Live (not replaced) ids of a resource type in state, sorted. */
export async function idsInState(r: FlowRunner, kind: "Session" | "Context"): Promise<string[]> {
  return stateResources(await r.stateText())
    .filter((x) => x.type.endsWith(`agb:${kind}`) && !x.pending)
    .map((x) => x.id)
    .sort();
}

/** The plain config of a run: the endpoint plus the runner's config under the example's project namespace. */
function stackConfig(ex: ExampleCase, endpoint: string, config: Record<string, string>): Record<string, string> {
  const cfg: Record<string, string> = { "agb:endpoint": endpoint };
  for (const [k, v] of Object.entries(config)) cfg[`${ex.project}:${k}`] = v;
  return cfg;
}

/** The test engine, in-process. */
export class EngineRunner implements FlowRunner {
  readonly stateDir = mkdtempSync(join(tmpdir(), "agb-e2e-state-"));
  readonly printed: string[] = [];
  config: Record<string, string> = {};
  private lastOutputs: Record<string, unknown> = {};

  constructor(
    readonly ex: ExampleCase,
    readonly endpoint: string,
    readonly apiKey: string,
  ) {}

  async run(op: Operation, o: { expectNoChanges?: boolean } = {}): Promise<FlowResult> {
    const r = await engine.runOperation({
      op,
      programDir: join(ROOT, "examples", this.ex.dir),
      stack: this.ex.stack,
      stateDir: this.stateDir,
      config: stackConfig(this.ex, this.endpoint, this.config),
      secretConfig: { "agb:apiKey": this.apiKey },
      parallel: 4,
    });
    this.printed.push(r.printed);
    if (!r.ok) throw new Error(`${this.ex.dir}: ${op} failed: ${r.error}\n${r.printed}`);
    if (o.expectNoChanges && r.steps.some((s) => s.op !== "same"))
      throw new Error(`${this.ex.dir}: ${op} expected no changes:\n${r.printed}`);
    this.lastOutputs = r.outputs;
    return r;
  }

  async stateText(): Promise<string> {
    return readFileSync(join(this.stateDir, `${this.ex.stack}.json`), "utf8");
  }

  async outputs(): Promise<Record<string, unknown>> {
    return this.lastOutputs;
  }

  async close(): Promise<void> {
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

export interface CliRunnerOptions {
  /** The pulumi executable; default `pulumi` from the PATH. */
  command?: string;
  /** Environment of every command; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The real CLI. The example is copied into `<run root>/<example>-XXXX/` (the run's root is inside
 * `<repo>/.e2e-cli`, test/support/test-run.js; the CLI writes the stack's salt and config into
 * `Pulumi.<stack>.yaml`; the checked-in examples stay untouched) and given the same node_modules
 * the engine prepares, so no network is needed; the file backend sits in a temp folder.
 */
export class CliRunner implements FlowRunner {
  readonly workDir: string;
  readonly backendDir = mkdtempSync(join(tmpdir(), "agb-e2e-backend-"));
  readonly printed: string[] = [];
  readonly cli: PulumiCli;
  config: Record<string, string> = {};

  constructor(
    readonly ex: ExampleCase,
    readonly endpoint: string,
    readonly apiKey: string,
    o: CliRunnerOptions = {},
  ) {
    this.workDir = scratchDir(`${ex.dir}-`);
    engine.copyProject(join(ROOT, "examples", ex.dir), this.workDir);
    engine.prepareProgram(this.workDir);
    this.cli = new engine.PulumiCli({
      cwd: this.workDir,
      stack: ex.stack,
      backendDir: this.backendDir,
      command: o.command,
      env: o.env,
      parallel: 4,
    });
  }

  async run(op: Operation, o: { expectNoChanges?: boolean } = {}): Promise<FlowResult> {
    await this.cli.setConfig(stackConfig(this.ex, this.endpoint, this.config), { "agb:apiKey": this.apiKey });
    const r = await this.cli.run(op, o);
    this.printed.push(r.printed);
    if (!r.ok) throw new Error(`${this.ex.dir}: pulumi ${op} failed: ${r.error}\n${r.printed}`);
    return r;
  }

  stateText(): Promise<string> {
    return this.cli.exportState();
  }

  outputs(): Promise<Record<string, unknown>> {
    return this.cli.outputs();
  }

  async close(): Promise<void> {
    this.cli.close();
    rmSync(this.workDir, { recursive: true, force: true });
    rmSync(this.backendDir, { recursive: true, force: true });
  }
}

/** Calls the AGB API itself (out of band), as another tool or a person would. */
export async function agbCall(
  endpoint: string,
  apiKey: string,
  method: "GET" | "POST",
  path: string,
  query: Record<string, string>,
): Promise<unknown> {
  const url = `${endpoint}${path}?${new URLSearchParams(query).toString()}`;
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    signal: AbortSignal.timeout(10000),
  });
  const body = (await res.json()) as { success?: boolean };
  if (!res.ok || body.success === false) throw new Error(`${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** One agb-local drift operation (`POST /_local/drift/<op>`, docs/agb-local.md); fails unless answered 200. */
export async function drift(
  endpoint: string,
  op: "session-labels" | "release-session" | "rename-context",
  body: Record<string, unknown>,
): Promise<void> {
  const r = await fetch(`${endpoint}/_local/drift/${op}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (r.status !== 200) throw new Error(`drift ${op}: HTTP ${r.status} ${await r.text()}`);
}

export const LIVE = new Set(["RUNNING", "PENDING"]);
