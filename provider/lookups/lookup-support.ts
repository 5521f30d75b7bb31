/**
 * What every lookup shares: the client built from the program's own stack config (lookups run in
 * the program process, where the provider host's `configure` never runs), argument errors that name
 * the argument, and failures described without the API key.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgbApi } from "../client/types";
import { AgbError } from "../client/errors";
import { apiFor } from "../config";
import { useProgramShare } from "../client/concurrency";
import { configText } from "../program-client";
import { describe } from "../resources/shared/errors";

/**
 * The client for `agb:apiKey` / `agb:endpoint` of the running stack, else `AGB_API_KEY` /
 * `AGB_ENDPOINT`: the same settings, in the same order, as the resources use. `Config.get` of a
 * secret key returns its plain value in the program (it is never logged or stored by a lookup).
 */
export function lookupApi(): AgbApi {
  useProgramShare(); // the provider host makes its calls at the same time: one budget for both
  return apiFor({ apiKey: configText("apiKey"), endpoint: configText("endpoint"), maxAttempts: LOOKUP_MAX_ATTEMPTS });
}

/**
 * Attempts per lookup request (the client's default is 10). A lookup runs while the user waits for
 * a preview, and its most common failure is a mistyped endpoint, which ten attempts with growing
 * pauses turn into 15-20 s of silence; four still ride out a dropped connection or one throttled
 * answer (at most about 0.7 s of pauses before the last, or what `Retry-After` asks).
 */
const LOOKUP_MAX_ATTEMPTS = 4;

/**
 * A failed lookup, told as one line: a `RunError`, whose message the program runtime prints alone
 * (@pulumi/pulumi cmd/run/run.js: "Always hide the stack for RunErrors"). It carries no stack: the
 * runtime still formats any stack it finds with colours (cmd/run/error.js, defaultErrorMessage, for
 * its trace span), and on Node 20 and 22 that formatting loops for tens of seconds over the SDK's
 * source-mapped frames; without a stack it takes the message as it is.
 */
export class LookupError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "LookupError";
    this.stack = "";
  }
}

/** A bad lookup argument: `agb.getSession: sessionId: must be a non-empty string`. */
export class LookupArgumentError extends LookupError {
  constructor(
    lookup: string,
    readonly argument: string,
    reason: string,
  ) {
    super(`agb.${lookup}: ${argument}: ${reason}`);
    this.name = "LookupArgumentError";
  }
}

/** The argument's value as trimmed non-empty text, or the error that names it. */
export function requireText(lookup: string, argument: string, value: unknown): string {
  if (typeof value !== "string")
    throw new LookupArgumentError(lookup, argument, `must be a non-empty string (got ${value === undefined ? "nothing" : typeof value})`);
  if (value.trim() === "") throw new LookupArgumentError(lookup, argument, "must not be empty");
  return value.trim();
}

/** Optional text: undefined stays undefined, anything else must be non-empty text. */
export function optionalText(lookup: string, argument: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : requireText(lookup, argument, value);
}

/** A flat map of non-empty strings (labels), or the error naming the offending key. */
export function requireLabels(lookup: string, argument: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new LookupArgumentError(lookup, argument, 'must be a map of strings, e.g. { team: "ml" }');
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key.trim() === "") throw new LookupArgumentError(lookup, argument, "keys must not be empty");
    out[key] = requireText(lookup, `${argument}.${key}`, v);
  }
  return out;
}

/** Refuses arguments the lookup does not know (a typo would otherwise silently match everything). */
export function refuseUnknown(lookup: string, args: object | undefined, known: readonly string[]): void {
  for (const key of Object.keys(args ?? {})) {
    if (!known.includes(key)) throw new LookupArgumentError(lookup, key, `unknown argument (known: ${known.join(", ")})`);
  }
}

/** A failed call, described as the resources describe failures (never with the key), as a {@link LookupError}. */
export function lookupFailed(lookup: string, err: unknown): Error {
  if (err instanceof LookupArgumentError) return err;
  // No answer at all from the service: most often a mistyped endpoint, so say which one was used.
  const unanswered = err instanceof AgbError && err.httpStatus === 0;
  const advice = unanswered ? "; check agb:endpoint (or AGB_ENDPOINT)" : "";
  return new LookupError(`agb.${lookup} failed: ${describe(err)}${advice}`);
}

/**
 * The Output form of a lookup, gated the way the SDK gates output-form invokes when the engine
 * cannot (@pulumi/pulumi runtime/invoke.js, invokeAsync: "if we depend on any CustomResources ...
 * ensure that their ID is known ... If it is not known, we will return an unknown result"): while a
 * resource the arguments come from is still to be created (its id unknown in a preview), the
 * result is unknown instead of a lookup of something that does not exist yet. Unknown arguments
 * likewise leave the result unknown (apply does not run).
 */
export function lookupOutput<A, R>(args: pulumi.Input<A>, lookup: (args: A) => Promise<R>): pulumi.Output<R> {
  const inputs = pulumi.output(args);
  return inputs.apply(async (plain) => {
    const ids: pulumi.Output<pulumi.ID>[] = [];
    for (const resource of await pulumi.getAllResources(inputs)) {
      if (pulumi.CustomResource.isInstance(resource) && resource.id) ids.push(resource.id);
    }
    return pulumi.all(ids).apply(() => lookup(plain as A));
  }) as unknown as pulumi.Output<R>;
}
