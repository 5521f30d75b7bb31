/**
 * The real dynamic-provider host of @pulumi/pulumi (`cmd/dynamic-provider`), started as the CLI
 * starts it (cwd = program directory, print-port handshake) and driven over gRPC.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type { PropertyMap } from "./values";
import { fromStruct, toStruct } from "./values";
import { endWithEngine } from "./children";

/** Create/Update failed after the object existed: the engine must record it with this id. */
export class InitFailedError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: PropertyMap,
    readonly reasons: string[],
  ) {
    super(message);
  }
}

export interface DiffResult {
  /** "some" / "none" / "unknown" (the engine then compares inputs itself). */
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface HostOptions {
  programDir: string;
  project: string;
  stack: string;
  env: NodeJS.ProcessEnv;
  /** Receives every line the host prints (console.log/error of the provider). */
  onOutput: (line: string) => void;
}

/** Fills what a DiffRequest and an UpdateRequest both carry: the resource, its stored outputs and inputs, the new inputs. */
function withChange<R extends provproto.DiffRequest | provproto.UpdateRequest>(
  req: R,
  urn: string,
  id: string,
  oldOutputs: PropertyMap,
  oldInputs: PropertyMap,
  news: PropertyMap,
): R {
  req.setUrn(urn);
  req.setId(id);
  req.setOlds(toStruct(oldOutputs));
  req.setOldInputs(toStruct(oldInputs));
  req.setNews(toStruct(news));
  return req;
}

/** Deadline for the host's port handshake. */
const START_TIMEOUT_MS = 30000;

function errorMessage(err: grpc.ServiceError): string {
  return err.details || err.message;
}

function initFailure(err: grpc.ServiceError): InitFailedError | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
  if (!raw) return undefined;
  const status = statusproto.Status.deserializeBinary(typeof raw === "string" ? Buffer.from(raw, "base64") : raw);
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    if (!detail.getId()) return undefined;
    return new InitFailedError(errorMessage(err), detail.getId(), fromStruct(detail.getProperties()), detail.getReasonsList());
  }
  return undefined;
}

export class ProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
  ) {}

  static async start(opts: HostOptions): Promise<ProviderHost> {
    const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [opts.programDir] });
    const child = spawn(process.execPath, [script, "x"], {
      cwd: opts.programDir,
      env: { ...opts.env, PULUMI_NODEJS_PROJECT: opts.project, PULUMI_NODEJS_STACK: opts.stack },
      stdio: ["ignore", "pipe", "pipe"],
    });
    endWithEngine(child);
    createInterface({ input: child.stderr! }).on("line", opts.onOutput);
    const lines = createInterface({ input: child.stdout! });
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("provider host did not print its port in time")), START_TIMEOUT_MS);
      let first = true;
      lines.on("line", (line) => {
        if (first) {
          first = false;
          clearTimeout(timer);
          resolve(line.trim());
        } else opts.onOutput(line);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`provider host exited with code ${code} before printing its port`));
      });
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new ProviderHost(child, client);
  }

  private call<Req, Res>(method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (this.client as unknown as Record<string, Function>)[method].bind(this.client);
      fn(req, (err: grpc.ServiceError | null, res: Res) => {
        if (!err) return resolve(res);
        reject(initFailure(err) ?? new Error(errorMessage(err)));
      });
    });
  }

  async configure(config: Record<string, string>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(toStruct(config));
    req.setAcceptsecrets(false);
    await this.call("configure", req);
  }

  async check(
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
  ): Promise<{ inputs: PropertyMap; failures: { property: string; reason: string }[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, oldOutputs: PropertyMap, oldInputs: PropertyMap, news: PropertyMap): Promise<DiffResult> {
    const req = withChange(new provproto.DiffRequest(), urn, id, oldOutputs, oldInputs, news);
    const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
    const c = res.getChanges();
    const D = provproto.DiffResponse.DiffChanges;
    return {
      changes: c === D.DIFF_SOME ? "some" : c === D.DIFF_NONE ? "none" : "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  async create(urn: string, news: PropertyMap): Promise<{ id: string; outputs: PropertyMap }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(news));
    const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
    return { id: res.getId(), outputs: fromStruct(res.getProperties()) };
  }

  async update(urn: string, id: string, oldOutputs: PropertyMap, oldInputs: PropertyMap, news: PropertyMap): Promise<PropertyMap> {
    const req = withChange(new provproto.UpdateRequest(), urn, id, oldOutputs, oldInputs, news);
    const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
    return fromStruct(res.getProperties());
  }

  async read(
    urn: string,
    id: string,
    outputs: PropertyMap,
    inputs: PropertyMap,
  ): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(outputs));
    req.setInputs(toStruct(inputs));
    const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
    return { id: res.getId(), outputs: fromStruct(res.getProperties()), inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined };
  }

  async delete(urn: string, id: string, outputs: PropertyMap, inputs: PropertyMap): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(outputs));
    req.setOldInputs(toStruct(inputs));
    await this.call("delete", req);
  }

  /** Closes the channel and stops the host; waits (bounded) for it to exit. */
  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  }
}
