/**
 * Drives the REAL Pulumi dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC,
 * exactly as the engine does (docs/engine-behaviours.md §10), one call at a time. Used by the host
 * tests, the bad-input reliability test and the cold-start and memory benchmarks (compiled into
 * dist-engine/ with the engine, so the plain-JS benchmarks load the same code).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { REPO_ROOT } from "./program";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }));
// The host's own grpc / protobuf copies, so message classes and channels match.
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const provproto = require(path.join(pulumiDir, "proto/provider_pb"));
const provrpc = require(path.join(pulumiDir, "proto/provider_grpc_pb"));
const statusproto = require(path.join(pulumiDir, "proto/status_pb"));

type Props = Record<string, unknown>;

/** A partial failure decoded from `grpc-status-details-bin`. */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A failed call: message plus, for create/update partial failures, the decoded detail. */
export class HostCallError extends Error {
  constructor(
    message: string,
    readonly initFailure?: InitFailure,
  ) {
    super(message);
  }
}

/** A program directory in which `pulumi-agb` resolves (node_modules/pulumi-agb -> this repository). */
export function makeProgramDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agb-prog-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-agb"), "dir");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "agb-test-program", main: "index.js" }));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const struct = (v: Props) => structproto.Struct.fromJavaScript(v);

/** A DiffRequest or UpdateRequest (`Request`): both name the resource, its stored outputs and the new inputs. */
function changeRequest(Request: new () => any, urn: string, id: string, olds: Props, news: Props): any {
  const req = new Request();
  req.setUrn(urn);
  req.setId(id);
  req.setOlds(struct(olds));
  req.setNews(struct(news));
  return req;
}

/** One running host process and a gRPC client to it. */
export class HostDriver {
  stdout = "";
  stderr = "";
  /** Every response object received, for "the key appears nowhere" assertions. */
  readonly responses: unknown[] = [];
  private constructor(
    readonly child: ChildProcess,
    private readonly client: any,
    private readonly recordResponses: boolean,
  ) {}

  /**
   * Spawns the host; resolves once it printed its port.
   * `cwd`: the program directory. Default: the repository root (`pulumi-agb` resolves by self-reference).
   * `recordResponses`: keep every response in `responses`. Default: true (off for long benchmark runs).
   * `plugin`: spawn the `agb` provider plugin (dist/plugin/main.js) instead of the dynamic host. Default: false.
   * `engineAddress`: the engine address handed to the process (where the plugin sends its log). Default: an unused placeholder.
   */
  static async start(
    opts: {
      cwd?: string;
      env?: NodeJS.ProcessEnv;
      project?: string;
      recordResponses?: boolean;
      plugin?: boolean;
      engineAddress?: string;
    } = {},
  ): Promise<HostDriver> {
    const entry = opts.plugin ? path.join(REPO_ROOT, "dist", "plugin", "main.js") : path.join(pulumiDir, "cmd/dynamic-provider/index.js");
    const env = { ...process.env, PULUMI_NODEJS_PROJECT: opts.project ?? "proj", ...opts.env };
    const child = spawn(process.execPath, [entry, opts.engineAddress ?? "engine-address-unused"], {
      cwd: opts.cwd ?? REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL"); // a host that never listens must not outlive the caller
        reject(new Error(`host did not print its port in 30s; stderr: ${err}`));
      }, 30_000);
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      child.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`host exited with ${code}: ${err}`));
      });
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const driver = new HostDriver(child, client, opts.recordResponses ?? true);
    driver.stdout = out;
    driver.stderr = err;
    child.stdout!.on("data", (d: Buffer) => (driver.stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (driver.stderr += d.toString()));
    return driver;
  }

  private call(method: string, req: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
      this.client[method](req, { deadline: Date.now() + 60_000 }, (err: any, res: any) => {
        if (!err) {
          if (this.recordResponses) this.responses.push(res?.toObject ? res.toObject() : res);
          return resolve(res);
        }
        if (this.recordResponses) this.responses.push({ error: err.details ?? err.message });
        const bin = err.metadata?.get?.("grpc-status-details-bin")?.[0];
        let detail: InitFailure | undefined;
        if (bin) {
          const status = statusproto.Status.deserializeBinary(new Uint8Array(bin));
          for (const any of status.getDetailsList()) {
            const f = any.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
            if (f) detail = { id: f.getId(), properties: f.getProperties()?.toJavaScript() ?? {}, reasons: f.getReasonsList() };
          }
          if (this.recordResponses) this.responses.push(detail);
        }
        reject(new HostCallError(err.details ?? err.message, detail));
      });
    });
  }

  /**
   * Configure: the whole stack config with namespaced keys, values as strings; as `args` (what the
   * dynamic host reads) and as `variables` named as the engine names them (`agb:config:apiKey`, what the plugin reads).
   */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(struct(config));
    for (const [key, value] of Object.entries(config)) req.getVariablesMap().set(key.replace(/^([^:]+):/, "$1:config:"), value);
    req.setAcceptsecrets(true);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: Array<{ property: string; reason: string }> }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(struct(olds));
    req.setNews(struct(news));
    const res = await this.call("check", req);
    return {
      inputs: res.getInputs()?.toJavaScript() ?? {},
      failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const res = await this.call("diff", changeRequest(provproto.DiffRequest, urn, id, olds, news));
    const C = provproto.DiffResponse.DiffChanges;
    const changes = res.getChanges() === C.DIFF_SOME ? "some" : res.getChanges() === C.DIFF_NONE ? "none" : "unknown";
    return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(struct(properties));
    const res = await this.call("create", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  async read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(properties));
    if (inputs) req.setInputs(struct(inputs));
    const res = await this.call("read", req);
    return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {}, inputs: res.getInputs()?.toJavaScript() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const res = await this.call("update", changeRequest(provproto.UpdateRequest, urn, id, olds, news));
    return { properties: res.getProperties()?.toJavaScript() ?? {} };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(struct(properties));
    await this.call("delete", req);
  }

  /** Resident set size of the host process in bytes (Linux /proc). */
  rssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (!m) throw new Error("VmRSS not found in /proc status");
    return Number(m[1]) * 1024;
  }

  /** Ends the host process at once with SIGKILL, as a crash would (calls in flight get no answer). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGKILL");
    await exited;
    this.client.close();
  }

  /** Closes the channel and ends the host process (only this one): SIGTERM, SIGKILL after 5 s. */
  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}
