/**
 * Check failures that show what the user wrote. The engine prints a failure as `property P value
 * {V} has a problem: R`, taking V as the TOP-LEVEL input named P (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go, issueCheckFailures: `inputs[failure.Property]`), so for a
 * nested path such as `contextSyncs[1].policy.uploadPolicy.uploadMode` it always prints `{<nil>}`.
 * The reason of a nested failure therefore carries the value found at its path in the inputs.
 */
import type { CheckFailure } from "./check-helpers";

/** Longest value text put into a reason; longer values are cut with an ellipsis. */
const MAX_SHOWN = 80;

/** `contextSyncs[1].policy` -> ["contextSyncs", 1, "policy"]; `labels["a.b"]` -> ["labels", "a.b"]. */
export function parsePath(path: string): PropertyKey[] | undefined {
  const parts: PropertyKey[] = [];
  const token = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|(\.)/y;
  let pos = 0;
  while (pos < path.length) {
    token.lastIndex = pos;
    const m = token.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
    else if (m[3] !== undefined) parts.push(JSON.parse(m[3]) as string);
    pos = token.lastIndex;
  }
  return parts;
}

function valueAt(inputs: unknown, path: PropertyKey[]): { found: boolean; value?: unknown } {
  let at: unknown = inputs;
  for (const part of path) {
    if (at === null || typeof at !== "object" || !Object.prototype.hasOwnProperty.call(at, part)) return { found: false };
    at = (at as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value: at };
}

function shown(value: unknown): string {
  const text = value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/**
 * Each failure at a nested path gets `(given: <value>)` after its reason, unless the reason already
 * quotes the value; a top-level failure is left as it is (the engine shows its value itself).
 */
export function withGivenValues(failures: CheckFailure[], inputs: Record<string, unknown>): CheckFailure[] {
  return failures.map((f) => {
    const path = parsePath(f.property);
    if (!path || path.length < 2) return f;
    const at = valueAt(inputs, path);
    if (!at.found) return f;
    const text = shown(at.value);
    return f.reason.includes(text) ? f : { ...f, reason: `${f.reason} (given: ${text})` };
  });
}

/** The dynamic provider's check, with {@link withGivenValues} applied to its failures. */
export function showingGivenValues<O extends { inputs: Record<string, unknown>; failures: CheckFailure[] }>(
  check: (olds: Record<string, unknown>, news: Record<string, unknown>) => Promise<O>,
): (olds: Record<string, unknown>, news: Record<string, unknown>) => Promise<O> {
  return async (olds, news) => {
    const result = await check(olds, news);
    return result.failures.length === 0 ? result : { ...result, failures: withGivenValues(result.failures, news ?? {}) };
  };
}
