/**
 * Property values as they travel over the Pulumi RPC protocol: plain JSON plus two sentinels, the
 * secret wrapper object and the unknown string. The engine keeps values in this form in memory.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The key that marks an object as a special Pulumi value. */
export const SPECIAL_SIG = "4dabf18193072939515e22adb298388d";
/** The signature value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The string standing for a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type PropertyMap = Record<string, Value>;

export function isSecret(v: unknown): v is { [SPECIAL_SIG]: string; value: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SPECIAL_SIG] === SECRET_SIG;
}

export function wrapSecret(v: Value): Value {
  return isSecret(v) ? v : { [SPECIAL_SIG]: SECRET_SIG, value: v };
}

/** A new array or object with `f` applied to each member; any other value as it is. */
function mapMembers(v: Value, f: (member: Value) => Value): Value {
  if (Array.isArray(v)) return v.map(f);
  if (v && typeof v === "object") {
    const out: PropertyMap = {};
    for (const [k, x] of Object.entries(v)) out[k] = f(x);
    return out;
  }
  return v;
}

/** Removes every secret wrapper (the provider host accepts no secrets). */
export function unwrapSecrets(v: Value): Value {
  if (isSecret(v)) return unwrapSecrets(v.value);
  return mapMembers(v, unwrapSecrets);
}

export function unwrapMap(m: PropertyMap): PropertyMap {
  return unwrapSecrets(m) as PropertyMap;
}

export function containsSecret(v: Value): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (v && typeof v === "object") return Object.values(v).some(containsSecret);
  return false;
}

/**
 * Marks outputs secret as the engine does: a top-level output is secret when the input of the same
 * name held a secret or the program listed it in additionalSecretOutputs.
 */
export function remarkSecrets(outputs: PropertyMap, inputs: PropertyMap, additional: readonly string[]): PropertyMap {
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(outputs)) {
    const secret = additional.includes(k) || (k in inputs && containsSecret(inputs[k]));
    out[k] = secret ? wrapSecret(v) : v;
  }
  return out;
}

/** Struct -> plain values, keeping the secret wrappers and unknown sentinels as they are. */
export function fromStruct(s: Struct | undefined): PropertyMap {
  return s ? (s.toJavaScript() as PropertyMap) : {};
}

/** Plain values -> Struct; undefined members are dropped (Struct rejects them). */
export function toStruct(m: PropertyMap): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(m)) as never);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}

/** Top-level keys whose values differ between two maps (`__`-prefixed keys are hidden, as in the CLI). */
export function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !k.startsWith("__") && !deepEqual(unwrapSecrets(olds[k] ?? null), unwrapSecrets(news[k] ?? null))).sort();
}

/** A refresh's drifted keys: the keys changed in the inputs or in the outputs, sorted, each once. */
export function driftKeys(oldInputs: PropertyMap, newInputs: PropertyMap, oldOutputs: PropertyMap, newOutputs: PropertyMap): string[] {
  return [...new Set([...changedKeys(oldInputs, newInputs), ...changedKeys(oldOutputs, newOutputs)])].sort();
}

/** Renders a value for display: secrets as [secret], unknowns as [unknown]. */
export function maskForDisplay(v: Value): Value {
  if (isSecret(v)) return "[secret]";
  if (v === UNKNOWN) return "[unknown]";
  return mapMembers(v, maskForDisplay);
}
