/**
 * The gRPC server a Pulumi program talks to: the ResourceMonitor and Engine services on one port.
 * It translates requests into calls on the Deployment and answers in the SDK's shapes.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type { Registration, RegisterAnswer } from "./deployment";
import { fromStruct, toStruct } from "./values";
import type { PropertyMap } from "./values";

export interface MonitorHandlers {
  register(reg: Registration): Promise<RegisterAnswer>;
  registerOutputs(urn: string, outputs: PropertyMap): void;
  read(req: {
    type: string;
    name: string;
    id: string;
    parent: string;
    inputs: PropertyMap;
    dependencies: string[];
    additionalSecretOutputs: string[];
  }): Promise<RegisterAnswer>;
  log(severity: "debug" | "info" | "warning" | "error", message: string, urn: string): void;
  project: string;
  stack: string;
}

/** Only `secrets` is answered as supported: everything else falls back to the SDK's older behaviour. */
const SUPPORTED_FEATURES = new Set(["secrets"]);

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void;

/**
 * `failure` is the status a thrown error is answered with. Registrations and reads answer
 * UNAVAILABLE, as the real engine does once a failure cancelled the deployment (see
 * DeploymentCancelled): the engine has already reported the error, once, against its resource.
 */
function unary<Req, Res>(fn: (req: Req) => Promise<Res> | Res, failure = grpc.status.UNKNOWN): Unary<Req, Res> {
  return (call, cb) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then((res) => cb(null, res))
      .catch((e: Error) => cb({ code: failure, details: e.message } as grpc.ServiceError));
  };
}

function propertyDependencyUrns(req: resproto.RegisterResourceRequest): string[] {
  const urns: string[] = [];
  req
    .getPropertydependenciesMap()
    .forEach((deps: resproto.RegisterResourceRequest.PropertyDependencies) => urns.push(...deps.getUrnsList()));
  return urns;
}

/**
 * Resource options this engine does not implement: the registration is refused with the resource
 * named, instead of a run that silently behaves as if they were absent (the real CLI honours them:
 * test/cli/options.test.ts).
 */
function unsupportedOptions(req: resproto.RegisterResourceRequest): string[] {
  return [
    req.getProtect() ? "protect" : "",
    req.getRetainondelete() ? "retainOnDelete" : "",
    req.getIgnorechangesList().length ? "ignoreChanges" : "",
  ].filter(Boolean);
}

export class MonitorServer {
  private rootUrn = "";
  private constructor(
    private readonly server: grpc.Server,
    readonly address: string,
  ) {}

  static async start(h: MonitorHandlers): Promise<MonitorServer> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    let self: MonitorServer | undefined;
    server.addService(resrpc.ResourceMonitorService, {
      supportsFeature: unary((req: resproto.SupportsFeatureRequest) =>
        new resproto.SupportsFeatureResponse().setHassupport(SUPPORTED_FEATURES.has(req.getId())),
      ),
      registerResource: unary(async (req: resproto.RegisterResourceRequest) => {
        const ans = await h.register({
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent(),
          custom: req.getCustom(),
          inputs: fromStruct(req.getObject()),
          dependencies: [...new Set([...req.getDependenciesList(), ...propertyDependencyUrns(req)])],
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
          replaceOnChanges: req.getReplaceonchangesList(),
          deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
          unsupportedOptions: unsupportedOptions(req),
        });
        const res = new resproto.RegisterResourceResponse();
        res.setUrn(ans.urn);
        res.setId(ans.id);
        res.setObject(toStruct(ans.outputs));
        res.setResult(resproto.Result.SUCCESS);
        return res;
      }, grpc.status.UNAVAILABLE),
      registerResourceOutputs: unary((req: resproto.RegisterResourceOutputsRequest) => {
        h.registerOutputs(req.getUrn(), fromStruct(req.getOutputs()));
        return new Empty();
      }),
      readResource: unary(async (req: resproto.ReadResourceRequest) => {
        const ans = await h.read({
          type: req.getType(),
          name: req.getName(),
          id: req.getId(),
          parent: req.getParent(),
          inputs: fromStruct(req.getProperties()),
          dependencies: req.getDependenciesList(),
          additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        });
        const res = new resproto.ReadResourceResponse();
        res.setUrn(ans.urn);
        res.setProperties(toStruct(ans.outputs));
        return res;
      }, grpc.status.UNAVAILABLE),
      invoke: unary((req: resproto.ResourceInvokeRequest) => {
        throw new Error(`invoke ${req.getTok()} is not supported by the test engine`);
      }),
      signalAndWaitForShutdown: unary(() => new Empty()),
    });
    server.addService(enginerpc.EngineService, {
      log: unary((req: engineproto.LogRequest) => {
        const S = engineproto.LogSeverity;
        const sev = req.getSeverity();
        h.log(
          sev === S.ERROR ? "error" : sev === S.WARNING ? "warning" : sev === S.INFO ? "info" : "debug",
          req.getMessage(),
          req.getUrn(),
        );
        return new Empty();
      }),
      getRootResource: unary(() => new engineproto.GetRootResourceResponse().setUrn(self?.rootUrn ?? "")),
      setRootResource: unary((req: engineproto.SetRootResourceRequest) => {
        if (self) self.rootUrn = req.getUrn();
        return new engineproto.SetRootResourceResponse();
      }),
      requirePulumiVersion: unary(() => new engineproto.RequirePulumiVersionResponse()),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    self = new MonitorServer(server, `127.0.0.1:${port}`);
    return self;
  }

  /** Stops accepting calls; forces the shutdown if the program left a call open. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 2000);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
