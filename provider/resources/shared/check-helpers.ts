/**
 * Shared check machinery: preview-unknown tolerance, zod issues turned into `{property, reason}`
 * failures named by their property path, and deep canonical comparison.
 */
import { z } from "zod";

/** The value the engine sends for an output not yet known during preview (docs/engine-behaviours.md §5). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A check failure as the dynamic provider host forwards it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What check returns: the inputs to store, or the news as given with the failures. */
export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** The schema, or the preview unknown in its place (it may arrive where a number or object is expected). */
export function unk<T extends z.ZodType>(schema: T) {
  return z.union([z.literal(UNKNOWN), schema]);
}

/** True when the value is the preview unknown or holds one anywhere inside. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (const item of value) if (containsUnknown(item)) return true;
    return false;
  }
  for (const key of Object.keys(value)) if (containsUnknown((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** `contextSyncs[1].policy.recyclePolicy.paths[0]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (!/^[A-Za-z_$][\w$]*$/.test(String(part))) out += `[${JSON.stringify(String(part))}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

interface LooseIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  errors?: LooseIssue[][];
  issues?: LooseIssue[];
}

/**
 * Flattens zod issues into failures. Unions made by {@link unk} report the real schema's issues (their
 * last branch), so the path points at the offending field rather than at the union.
 */
export function issuesToFailures(issues: ReadonlyArray<unknown>, prefix: PropertyKey[] = []): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const raw of issues) {
    const issue = raw as LooseIssue;
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors && issue.errors.length > 0) {
      failures.push(...issuesToFailures(issue.errors[issue.errors.length - 1], path));
    } else if (issue.code === "invalid_key" && issue.issues && issue.issues.length > 0) {
      failures.push(...issue.issues.map((i) => ({ property: formatPath(path), reason: i.message })));
    } else if (issue.code === "unrecognized_keys" && issue.keys) {
      for (const key of issue.keys) failures.push({ property: formatPath([...path, key]), reason: "unknown field" });
    } else {
      failures.push({ property: formatPath(path) || "(inputs)", reason: issue.message });
    }
  }
  return failures;
}

/**
 * Equality that ignores object key order (labels reordered are not a change) and members that are
 * `undefined`. Hand-written loops: diff runs it on every resource of every preview.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray || Array.isArray(b)) {
    if (!aIsArray || !Array.isArray(b) || (a as unknown[]).length !== b.length) return false;
    for (let i = 0; i < b.length; i++) if (!deepEqual((a as unknown[])[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Every defined member of `a` equals b's, and `b` has no more defined members: the same key sets.
  let defined = 0;
  for (const k of Object.keys(ao)) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    if (!deepEqual(v, bo[k])) return false;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

/**
 * Drops `undefined` members deeply: the host fails on them ("Unexpected struct type", #3012).
 * A value without any is returned as it is (no copy): check and every handler call this on
 * records that are usually already clean.
 */
export function compact<T>(value: T): T {
  return hasUndefinedMember(value) ? copyWithoutUndefined(value) : value;
}

function hasUndefinedMember(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) {
    for (const item of value) if (item === undefined || hasUndefinedMember(item)) return true;
    return false;
  }
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || hasUndefinedMember(v)) return true;
  }
  return false;
}

function copyWithoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyWithoutUndefined) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copyWithoutUndefined(v);
    return out as T;
  }
  return value;
}

/** Splits inputs into the user-visible part and the hidden `__`-prefixed part. */
export function splitHidden(inputs: Record<string, unknown>): { visible: Record<string, unknown>; hidden: Record<string, unknown> } {
  const visible: Record<string, unknown> = {};
  const hidden: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs ?? {})) (k.startsWith("__") ? hidden : visible)[k] = v;
  return { visible, hidden };
}
