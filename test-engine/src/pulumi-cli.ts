/**
 * The real `pulumi` CLI driven with the same command sequence everywhere (the end-to-end suite and
 * `npm run demo` when `pulumi` is on the PATH): a local file backend, the passphrase secrets
 * provider, the API key piped on stdin (never on argv), and each operation's engine events read
 * from `--event-log` into the test engine's Step records.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { stepsFromEventLog } from "./cli-events";
import { Printer } from "./printer";
import type { Step } from "./printer";
import type { Operation } from "./run-operation";

export interface PulumiCliOptions {
  /** The project directory (holding Pulumi.yaml); every command runs there (`--cwd`). */
  cwd: string;
  /** The stack; created on first use. */
  stack: string;
  /** Folder of the local file backend (`PULUMI_BACKEND_URL=file://<dir>`); created if missing. */
  backendDir: string;
  /** Passphrase of the stack's secrets provider; default `PULUMI_CONFIG_PASSPHRASE`, else "agb-local-passphrase". */
  passphrase?: string;
  /** The executable; default `pulumi` from the PATH. */
  command?: string;
  /** Base environment of every command; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** `--parallel` for operations; default the CLI's own. */
  parallel?: number;
  /** Also write every output line to stdout; default false. */
  echo?: boolean;
  /** Deadline of each command; default 300000 ms. */
  timeoutMs?: number;
}

export interface CliRunResult {
  ok: boolean;
  steps: Step[];
  summary: string;
  unchanged: number;
  /** What the command printed (stdout and stderr lines). */
  printed: string;
  error?: string;
  exitCode: number;
}

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

/** The operation's CLI words; "preview-refresh" is `preview --refresh`. */
const OP_ARGS: Record<Operation, string[]> = {
  preview: ["preview"],
  "preview-refresh": ["preview", "--refresh"],
  up: ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

export function pulumiOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  const r = spawnSync(process.platform === "win32" ? "where" : "which", ["pulumi"], { encoding: "utf8", env });
  return r.status === 0 && r.stdout.trim() !== "";
}

export class PulumiCli {
  /** Every line printed by every command except `stack export` and `stack output` (data, not output). */
  readonly printed: string[] = [];
  /** The environment every command runs with: the caller's, plus the backend, passphrase and no update checks. */
  readonly env: NodeJS.ProcessEnv;
  private readonly eventDir = mkdtempSync(join(tmpdir(), "agb-pulumi-events-"));
  private readonly configured = new Map<string, string>();
  private stackReady = false;
  private runs = 0;

  constructor(readonly opts: PulumiCliOptions) {
    mkdirSync(opts.backendDir, { recursive: true });
    const base = opts.env ?? process.env;
    this.env = {
      ...base,
      PULUMI_BACKEND_URL: `file://${opts.backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: opts.passphrase ?? base.PULUMI_CONFIG_PASSPHRASE ?? "agb-local-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // `--event-log` exists only with PULUMI_DEBUG_COMMANDS set (pkg/cmd/pulumi/operations/up.go,
      // preview.go, refresh.go, destroy.go: `if env.DebugCommands.Value()`), as the Automation API sets it.
      PULUMI_DEBUG_COMMANDS: "true",
    };
  }

  /** Runs one command with the stack's directory; resolves with its exit code and output. */
  exec(args: string[], o: { stdin?: string; record?: boolean } = {}): Promise<Exec> {
    const full = [...args, "--cwd", this.opts.cwd, "--non-interactive", "--color", "never"];
    const child = spawn(this.opts.command ?? "pulumi", full, { cwd: this.opts.cwd, env: this.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: string[] = [];
    const err: string[] = [];
    const onLine = (sink: string[]) => (line: string) => {
      sink.push(line);
      if (o.record ?? true) this.printed.push(line);
      if (this.opts.echo && (o.record ?? true)) process.stdout.write(line + "\n");
    };
    createInterface({ input: child.stdout }).on("line", onLine(out));
    createInterface({ input: child.stderr }).on("line", onLine(err));
    // A value read from stdin never shows in a process list; an empty stdin is closed at once.
    child.stdin.end(o.stdin ?? "");
    const timeoutMs = this.opts.timeoutMs ?? 300_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`pulumi ${args[0]} did not finish within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${this.opts.command ?? "pulumi"}: ${e.message}`));
      });
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        resolve({ code: code ?? (signal ? 1 : 0), stdout: out.join("\n"), stderr: err.join("\n") });
      });
    });
  }

  private async must(args: string[], o: { stdin?: string; record?: boolean } = {}): Promise<Exec> {
    const r = await this.exec(args, o);
    if (r.code !== 0)
      throw new Error(`pulumi ${args.slice(0, 2).join(" ")} failed (exit ${r.code}): ${r.stderr.split("\n").slice(-5).join(" ").trim()}`);
    return r;
  }

  /** `pulumi stack select --create`: creates the stack (and its passphrase salt) on first use. */
  async selectStack(): Promise<void> {
    if (this.stackReady) return;
    await this.must(["stack", "select", "--create", "--stack", this.opts.stack]);
    this.stackReady = true;
  }

  /**
   * Stack config: plain values in one `config set-all --plaintext`, each secret with
   * `config set --secret <key>` reading the value from stdin. Only changed keys are written;
   * keys set earlier and now absent are removed.
   */
  async setConfig(plain: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    await this.selectStack();
    const stack = ["--stack", this.opts.stack];
    const changed = Object.entries(plain).filter(([k, v]) => this.configured.get(k) !== `plain:${v}`);
    if (changed.length) {
      await this.must(["config", "set-all", ...changed.flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]), ...stack]);
      for (const [k, v] of changed) this.configured.set(k, `plain:${v}`);
    }
    for (const [k, v] of Object.entries(secrets)) {
      if (this.configured.get(k) === `secret:${v}`) continue;
      await this.must(["config", "set", "--secret", k, ...stack], { stdin: v });
      this.configured.set(k, `secret:${v}`);
    }
    for (const k of [...this.configured.keys()]) {
      if (k in plain || k in secrets) continue;
      await this.must(["config", "rm", k, ...stack]);
      this.configured.delete(k);
    }
  }

  /**
   * One operation. `expectNoChanges` adds the CLI's `--expect-no-changes` (the command fails when
   * anything would change); it applies to up, preview and refresh.
   */
  async run(op: Operation, o: { expectNoChanges?: boolean } = {}): Promise<CliRunResult> {
    await this.selectStack();
    const eventLog = join(this.eventDir, `${++this.runs}-${op}.jsonl`);
    const args = [...OP_ARGS[op], "--stack", this.opts.stack, "--event-log", eventLog];
    if (this.opts.parallel) args.push("--parallel", String(this.opts.parallel));
    if (o.expectNoChanges && op !== "destroy") args.push("--expect-no-changes");
    const from = this.printed.length;
    const r = await this.exec(args);
    let events = "";
    try {
      events = readFileSync(eventLog, "utf8");
    } catch {
      // No log: the command failed before the engine started; its stderr says why.
    }
    const parsed = stepsFromEventLog(events);
    const preview = op === "preview" || op === "preview-refresh";
    const printer = new Printer(false);
    const summary = printer.summary(parsed.steps, preview, parsed.unchanged);
    const ok = r.code === 0;
    const error = ok ? undefined : (parsed.errors[0] ?? (r.stderr.trim().split("\n").pop() || `pulumi ${op} exited with code ${r.code}`));
    return {
      ok,
      steps: parsed.steps,
      summary,
      unchanged: parsed.unchanged,
      printed: this.printed.slice(from).join("\n"),
      error,
      exitCode: r.code,
    };
  }

  /** `pulumi stack export`: the checkpoint as the backend stores it (secrets as ciphertext). */
  async exportState(): Promise<string> {
    await this.selectStack();
    return (await this.must(["stack", "export", "--stack", this.opts.stack], { record: false })).stdout;
  }

  /** `pulumi stack output --json`: secret outputs read "[secret]". */
  async outputs(): Promise<Record<string, unknown>> {
    await this.selectStack();
    // Not echoed: the caller decides how to show them.
    const r = await this.must(["stack", "output", "--json", "--stack", this.opts.stack], { record: false });
    return JSON.parse(r.stdout || "{}") as Record<string, unknown>;
  }

  /** Removes the event logs (the backend folder belongs to the caller). */
  close(): void {
    rmSync(this.eventDir, { recursive: true, force: true });
  }
}
