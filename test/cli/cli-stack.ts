/**
 * The real `pulumi` CLI (built by `npm run setup:pulumi` into .tools/pulumi/bin) around one copy of
 * a program: its own PULUMI_HOME and file:// backend in a temp folder, the passphrase secrets
 * provider, no update checks and no plugin downloads. Without the built CLI this throws: the CLI
 * suite fails loudly rather than skipping.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { CliRunResult, Operation, PulumiCli } from "../../dist-engine";
import { engine, ROOT } from "../engine/harness";
import { endLeftovers, scratchDir } from "../support/test-run";
import type { RunProcess } from "../support/test-run";

/** Folder of the built `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`. */
export const CLI_BIN = join(ROOT, ".tools", "pulumi", "bin");

/** Throws unless `npm run setup:pulumi` has built the CLI (test:cli runs it first). */
export function requireBuiltCli(): string {
  const pulumi = join(CLI_BIN, "pulumi");
  if (!existsSync(pulumi) || !existsSync(join(CLI_BIN, "pulumi-language-nodejs"))) {
    throw new Error(`no Pulumi CLI in ${CLI_BIN}: run npm run setup:pulumi (npm run test:cli does)`);
  }
  return pulumi;
}

export interface CliStackOptions {
  /** The program to copy (a folder holding Pulumi.yaml). */
  programDir: string;
  /** Stack name; default "dev". */
  stack?: string;
  /** `--parallel` of operations; default 4. */
  parallel?: number;
  /** Extra environment of every command; default none. */
  env?: NodeJS.ProcessEnv;
  /** Runs on the program copy before its node_modules are laid out (e.g. to install another SDK); default none. */
  beforePrepare?: (workDir: string) => void;
}

/** One stack of one program copy under the real CLI. */
export class CliStack {
  readonly home = mkdtempSync(join(tmpdir(), "agb-cli-home-"));
  readonly workDir: string;
  readonly cli: PulumiCli;
  readonly stack: string;
  /** The environment every command of this stack runs with. */
  readonly env: NodeJS.ProcessEnv;
  /** The built pulumi executable. */
  readonly pulumi: string;

  constructor(o: CliStackOptions) {
    const pulumi = (this.pulumi = requireBuiltCli());
    this.stack = o.stack ?? "dev";
    // In the run's root inside the repository, so the copy's dependencies resolve upwards to its node_modules.
    this.workDir = scratchDir("cli-");
    engine.copyProject(o.programDir, this.workDir);
    o.beforePrepare?.(this.workDir);
    engine.prepareProgram(this.workDir);
    const env: NodeJS.ProcessEnv = (this.env = {
      ...process.env,
      ...o.env,
      PATH: `${CLI_BIN}${delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: join(this.home, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${join(this.home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "agb-cli-test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
    this.cli = new engine.PulumiCli({
      cwd: this.workDir,
      stack: this.stack,
      backendDir: join(this.home, "state"),
      command: pulumi,
      env,
      parallel: o.parallel ?? 4,
      timeoutMs: 600_000,
    });
  }

  /** `pulumi stack init`, then the endpoint (plain) and the API key (secret, from stdin). */
  async init(endpoint: string, apiKey: string, config: Record<string, string> = {}): Promise<void> {
    await this.must(["stack", "init", "--stack", this.stack]);
    await this.cli.setConfig({ "agb:endpoint": endpoint, ...config }, { "agb:apiKey": apiKey });
  }

  /** Any pulumi command; rejects with its output when it exits non-zero. */
  async must(args: string[], stdin?: string): Promise<string> {
    const r = await this.cli.exec(args, { stdin });
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return `${r.stdout}\n${r.stderr}`;
  }

  /** One operation (up/preview/refresh/destroy, with `--skip-preview` and `--event-log`). */
  async run(op: Operation, o: { expectNoChanges?: boolean } = {}): Promise<CliRunResult> {
    return this.cli.run(op, o);
  }

  /** Like run, but rejects with the printed output when the CLI fails. */
  async ok(op: Operation, o: { expectNoChanges?: boolean } = {}): Promise<CliRunResult> {
    const r = await this.run(op, o);
    if (!r.ok) throw new Error(`pulumi ${op} failed: ${r.error}\n${r.printed}`);
    return r;
  }

  /** Sets stack config (the endpoint and key stay): plain values, e.g. `{ "paths:protect": "true" }`. */
  async configure(endpoint: string, apiKey: string, config: Record<string, string>): Promise<void> {
    await this.cli.setConfig({ "agb:endpoint": endpoint, ...config }, { "agb:apiKey": apiKey });
  }

  /** `pulumi up --replace <urn>`; rejects with its output when it fails. */
  upReplacing(urn: string): Promise<string> {
    return this.must(["up", "--yes", "--skip-preview", "--replace", urn, "--stack", this.stack]);
  }

  /** `pulumi up --target <urn>`; rejects with its output when it fails. */
  upTargeting(urn: string): Promise<string> {
    return this.must(["up", "--yes", "--skip-preview", "--target", urn, "--stack", this.stack]);
  }

  /** `pulumi destroy --target <urn>`; rejects with its output when it fails. */
  destroyTargeting(urn: string): Promise<string> {
    return this.must(["destroy", "--yes", "--skip-preview", "--target", urn, "--stack", this.stack]);
  }

  /** `pulumi refresh` with extra flags (e.g. `--clear-pending-creates`); rejects with its output when it fails. */
  refreshWith(flags: string[]): Promise<string> {
    return this.must(["refresh", "--yes", "--skip-preview", ...flags, "--stack", this.stack]);
  }

  /**
   * The repair the CLI tells after a killed up: `pulumi cancel` when `printed` (what the refused up
   * said) names a lock, then `pulumi refresh --clear-pending-creates`; returns what the refresh said.
   */
  async repairAfterKill(printed: string): Promise<string> {
    if (/locked/i.test(printed)) await this.must(["cancel", "--yes", "--stack", this.stack]);
    return this.refreshWith(["--clear-pending-creates"]);
  }

  /** `pulumi import <type> <name> <id>` without generated code or protect; rejects with its output when it fails. */
  importResource(type: string, name: string, id: string): Promise<string> {
    return this.must(["import", type, name, id, "--yes", "--generate-code=false", "--protect=false", "--stack", this.stack]);
  }

  /** `pulumi stack export`, parsed. */
  async exported(): Promise<ExportedDeployment> {
    return JSON.parse(await this.cli.exportState()) as ExportedDeployment;
  }

  /**
   * Kills every process of this stack still running and waits for them to end: what a `pulumi`
   * killed with SIGKILL leaves behind (its language host, the plugin's shell wrapper and the
   * dynamic provider host keep running once their parent is gone). Found by the stack's folders on
   * their command line or in their environment (PULUMI_HOME); returns them.
   */
  endProcesses(): Promise<RunProcess[]> {
    return endLeftovers([this.workDir, this.home], { graceMs: 0 });
  }

  async close(): Promise<void> {
    this.cli.close();
    rmSync(this.workDir, { recursive: true, force: true });
    rmSync(this.home, { recursive: true, force: true });
  }
}

export interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  delete?: boolean;
  protect?: boolean;
  retainOnDelete?: boolean;
}

export interface ExportedDeployment {
  version: number;
  deployment: { resources?: ExportedResource[]; pending_operations?: unknown[] };
}

export const SESSION_TYPE = "pulumi-nodejs:dynamic/agb:Session";
export const CONTEXT_TYPE = "pulumi-nodejs:dynamic/agb:Context";
export const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
export const EXTENSION_TYPE = "pulumi-nodejs:dynamic/agb:BrowserExtension";

/** The live (not pending-delete) resources of a type in an export. */
export function resourcesOf(d: ExportedDeployment, type: string): ExportedResource[] {
  return (d.deployment.resources ?? []).filter((r) => r.type === type && !r.delete);
}

/** The ids of the live resources of a type in an export. */
export function idsOf(d: ExportedDeployment, type: string): string[] {
  return resourcesOf(d, type).map((r) => r.id!);
}

/** The ids every one of `stacks` records for resources of a type, in order (with repeats). */
export async function recordedIds(type: string, ...stacks: CliStack[]): Promise<string[]> {
  const all: string[] = [];
  for (const s of stacks) all.push(...idsOf(await s.exported(), type));
  return all;
}
