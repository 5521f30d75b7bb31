/**
 * Warnings from the plugin to the engine's log, on the resource they are about: what the program
 * side prints in the dynamic form (pulumi.log.warn) has no program here. The engine's address is
 * the plugin's first argument (the same one `main` reads).
 */
import { pulumiGrpc } from "./engine-hooks";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const enginerpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engineproto = require("@pulumi/pulumi/proto/engine_pb");

let client: { log(req: unknown, cb: (err: unknown) => void): void } | undefined;

/** Connects to the engine at `address` (the plugin's first argument); without one, warnings go to stderr. */
export function connectEngineLog(address: string | undefined): void {
  if (!address) return;
  client = new enginerpc.EngineClient(address, pulumiGrpc().credentials.createInsecure());
}

/** A warning on `urn` in the engine's output; never fails the operation it reports on. */
export function warnOn(urn: string, message: string): Promise<void> {
  if (!client) {
    process.stderr.write(`warning: ${message}\n`);
    return Promise.resolve();
  }
  const req = new engineproto.LogRequest();
  req.setSeverity(engineproto.LogSeverity.WARNING);
  req.setMessage(message);
  req.setUrn(urn);
  return new Promise((resolve) => client!.log(req, () => resolve()));
}
