/**
 * What the stock Node provider server (`@pulumi/pulumi/provider` `main`) leaves out and the plugin
 * needs: its `Configure` drops the request (the stack config never reaches the provider) and
 * answers that the provider accepts secrets, output values and resource references, so the engine
 * would send wrapped values the handlers do not expect. The server's class is not exported; this
 * module replaces `configure` on the one service object `main` registers, before it is served.
 */
import { dirname } from "node:path";
import { applyStackConfig } from "../config";

/** The `@grpc/grpc-js` instance `@pulumi/pulumi` itself loads (the one `main` creates its server with). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pulumiGrpc(): any {
  const sdkDir = dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const provproto = require("@pulumi/pulumi/proto/provider_pb");

type Callback = (err: unknown, value?: unknown) => void;
interface ConfigureCall {
  request: { getVariablesMap(): { forEach(fn: (value: string, key: string) => void): void } };
}

/**
 * The plugin's `Configure`: the stack's `agb:*` variables go to the same configuration module the
 * dynamic form's `configure` fills (config.ts), and into the SDK's runtime config the lookups read.
 * The answer accepts no secrets, outputs or resources: the engine then sends plain values (and the
 * preview unknown as its sentinel string), exactly what the dynamic provider host gives the handlers.
 */
export function configureFromEngine(call: ConfigureCall, callback: Callback): void {
  const variables: Record<string, string> = {};
  call.request.getVariablesMap().forEach((value, key) => {
    // The engine names them `agb:config:apiKey` (the legacy form of `agb:apiKey`).
    variables[key.replace(/^([^:]+):config:/, "$1:")] = value;
  });
  applyStackConfig({ get: (key) => variables[key] });
  engineVariables = variables;
  const resp = new provproto.ConfigureResponse();
  resp.setAcceptsecrets(false);
  resp.setAcceptresources(false);
  resp.setAcceptoutputs(false);
  resp.setSupportspreview(false);
  callback(undefined, resp);
}

let engineVariables: Record<string, string> = {};

/**
 * Hands the stack config of the last Configure to the SDK's runtime config, which the lookups read
 * through pulumi.Config (lookup-support.ts). Called before each invoke: loading the SDK's runtime
 * costs about as much as the rest of the plugin's start, and only functions need it.
 */
export function applyRuntimeConfig(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const runtime = require("@pulumi/pulumi/runtime/config") as { setAllConfig(c: Record<string, string>): void };
  runtime.setAllConfig(engineVariables);
}

let installed = false;

/** Makes the next provider service registered on a gRPC server use {@link configureFromEngine}. */
export function installConfigureHook(): void {
  if (installed) return;
  installed = true;
  const proto = pulumiGrpc().Server.prototype;
  const addService = proto.addService;
  proto.addService = function (this: unknown, service: unknown, implementation: Record<string, unknown>, ...rest: unknown[]) {
    if (implementation && typeof implementation.configure === "function" && typeof implementation.checkConfig === "function") {
      implementation.configure = configureFromEngine;
    }
    return addService.call(this, service, implementation, ...rest);
  };
}
