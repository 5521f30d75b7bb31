/**
 * Error shapes the handlers share: the partial-failure error the dynamic provider host understands,
 * the ambiguous / not-found classification of client errors, and the backend identity guard.
 */
import { AgbError, AgbNotFoundError, AgbTimeoutError, AgbTransportError } from "../../client/errors";
import { MAX_ERROR_MESSAGE_CHARS, cleanServerText } from "../../client/server-text";
import { configuredApiKey, normalizeEndpoint } from "../../config";
import { compact } from "./check-helpers";

/**
 * "Created but not healthy" (docs/engine-behaviours.md §7). The host reads `id`, `properties` and
 * `reasons` off the thrown error and sends them as `pulumirpc.ErrorResourceInitFailed`, so the engine
 * records the resource instead of leaking it and calls update on the next `up`.
 */
export class ResourceInitError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: Record<string, unknown>, reasons: string[]) {
    super(reasons.join("; "));
    this.name = "ResourceInitError";
    this.id = id;
    // Must carry `__provider` (spread from the inputs) or later read/delete cannot find the provider.
    this.properties = compact(properties);
    this.reasons = reasons;
  }
}

/**
 * The remote object does not exist (any more), as the client classified the answer. The client
 * alone decides (docs/agb-protocol.md §4): it deliberately keeps `InvalidAction.NotFound` (a wrong endpoint
 * or API version) out, which a second look at the code here would let back in, turning a
 * misconfigured endpoint into "every resource is gone".
 */
export function isNotFound(err: unknown): boolean {
  return err instanceof AgbNotFoundError;
}

/**
 * True when a non-idempotent call may or may not have taken effect: timeouts, dropped
 * connections, 5xx. A definite answer from the server (4xx, throttling) is not ambiguous.
 */
export function isAmbiguous(err: unknown): boolean {
  if (err instanceof AgbTimeoutError || err instanceof AgbTransportError) return true;
  if (err instanceof AgbError) return err.httpStatus >= 500 || (err.httpStatus === 0 && err.requestMayHaveBeenSent);
  return false;
}

/**
 * A resource recorded against one endpoint must not be read, updated or deleted through another
 * (a prod stack pointed at agb-local would otherwise see everything as gone and drop it).
 */
export function assertSameBackend(kind: string, id: string, recorded: unknown, current: string): void {
  if (typeof recorded !== "string" || recorded === "") return; // state written before endpoints were recorded
  if (recorded === current) return; // both already normalized (the usual case; diff runs for every resource)
  if (normalizeEndpoint(recorded) !== normalizeEndpoint(current)) {
    throw new Error(
      `${kind} ${id} was created on the AGB endpoint ${recorded}, but the provider is now configured for ${current}. ` +
        `Nothing was changed. Point agb:endpoint (or AGB_ENDPOINT) back at ${recorded}, or remove the resource from ` +
        `state with \`pulumi state delete\` if it really lives elsewhere.`,
    );
  }
}

/**
 * A one-line description of an error, safe to show and to store in state: client errors are
 * already clean (errors.ts), and whatever else is cleaned here the same way (no control
 * characters, the configured key redacted, bounded length).
 */
export function describe(err: unknown): string {
  const text =
    err instanceof AgbError
      ? `${err.message} (code ${err.code}, operation ${err.operation}${err.requestId ? `, requestId ${err.requestId}` : ""})`
      : err instanceof Error
        ? err.message
        : String(err);
  return cleanServerText(text, configuredApiKey(), MAX_ERROR_MESSAGE_CHARS);
}
