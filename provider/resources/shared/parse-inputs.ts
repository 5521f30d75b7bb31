/**
 * Inputs parsed where a handler receives them, so its body works on typed values. The engine hands
 * create and update the inputs check returned, which always parse; anything else (a hand-edited
 * state, a call from outside the engine) stops here with each bad field named, before any call to AGB.
 */
import type { z } from "zod";
import { containsUnknown, issuesToFailures } from "./check-helpers";
import type { UNKNOWN } from "./check-helpers";

/** `schema`'s output for `bag`, or an error naming `what` and each field that does not parse. */
export function parsedInputs<S extends z.ZodType>(schema: S, bag: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(bag);
  if (parsed.success) return parsed.data;
  const fields = issuesToFailures(parsed.error.issues).map((f) => `${f.property}: ${f.reason}`);
  throw new Error(
    `${what}: the inputs do not parse (${fields.join("; ")}); nothing was sent to AGB. \`pulumi preview\` shows the check failures.`,
  );
}

/**
 * T with the preview unknown taken out at every depth: inputs as create, update and delete receive
 * them (the engine resolves every value before it calls them; only check and diff see unknowns).
 */
export type Known<T> = T extends typeof UNKNOWN
  ? never
  : T extends readonly (infer E)[]
    ? Known<E>[]
    : T extends object
      ? { [K in keyof T]: Known<T[K]> }
      : T;

/** `value` typed as {@link Known}, or an error naming `what` when a preview unknown is still in it (checked, not assumed). */
export function known<T>(value: T, what: string): Known<T> {
  if (containsUnknown(value)) throw new Error(`${what}: an input is still unknown (a preview value); nothing was sent to AGB.`);
  return value as Known<T>;
}
