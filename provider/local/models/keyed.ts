/**
 * Keyed collections of agb-local's state (accounts, sessions, contexts, files, labels) are objects
 * without a prototype, read only through own properties, so an id such as `__proto__` or
 * `constructor` is an ordinary missing key: it can neither reach `Object.prototype` nor find an
 * object shared between accounts. Plain objects (not Maps) because the state is persisted as JSON.
 */
import { invalid } from "./errors";

/** A new empty keyed collection (no prototype). */
export function keyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The same entries in a collection without a prototype (for state loaded from JSON). */
export function keyedFrom<T>(source: Record<string, T> | undefined): Record<string, T> {
  const out = keyed<T>();
  if (source && typeof source === "object") for (const k of Object.keys(source)) out[k] = source[k];
  return out;
}

/** The entry under `key` when the collection itself holds it; never an inherited property. */
export function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** Names that mean something to JavaScript objects: refused as ids, whatever the collection. */
const RESERVED_IDS = new Set(["__proto__", "constructor", "prototype", "hasOwnProperty", "toString", "valueOf"]);

/** Refuses a reserved id with InvalidParameter naming the parameter. */
export function assertNotReserved(param: string, id: string): void {
  if (RESERVED_IDS.has(id)) throw invalid(param, `${JSON.stringify(id)} is a reserved name and cannot be an id`);
}
