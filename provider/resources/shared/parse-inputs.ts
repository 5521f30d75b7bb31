/**
 * Inputs parsed where a handler receives them, so its body works on typed values. The engine hands
 * create and update the inputs check returned, which always parse; anything else (a hand-edited
 * state, a call from outside the engine) stops here with each bad field named, before any call to AGB.
 */
import type { z } from "zod";
import { issuesToFailures } from "./check-helpers";

/** `schema`'s output for `bag`, or an error naming `what` and each field that does not parse. */
export function parsedInputs<S extends z.ZodType>(schema: S, bag: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(bag);
  if (parsed.success) return parsed.data;
  const fields = issuesToFailures(parsed.error.issues).map((f) => `${f.property}: ${f.reason}`);
  throw new Error(`${what}: the inputs do not parse (${fields.join("; ")}); nothing was sent to AGB. \`pulumi preview\` shows the check failures.`);
}
