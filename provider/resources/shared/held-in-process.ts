/**
 * What the creates of this provider process hold: a context name, a file's location. One provider
 * host serves a whole deployment of one stack, so two resources of that stack that name one object
 * meet here, and the second is refused before any AGB call (AGB has no conditional write to decide
 * it for files, and adopting a context has none either). The hold also lets a delete see that a
 * create of this deployment took the object over (a replacement with `deleteBeforeReplace: false`
 * and `adoptExisting`), so it leaves the object to its new holder.
 *
 * Each create draws a random holder token and keeps it in the resource's outputs (`__agbHolder`);
 * state written before tokens existed has none, which never matches a hold.
 */
import { randomBytes } from "node:crypto";

/** The output under which a resource keeps the token of the create that made it. */
export const HOLDER_OUTPUT = "__agbHolder";

const holds = new Map<string, string>();
const deletedHere = new Set<string>();

/** A fresh holder token (16 random bytes, hex). */
export function newHolderToken(): string {
  return randomBytes(16).toString("hex");
}

/** Takes `key` for `token`; returns the token already holding it when another create has it. */
export function hold(key: string, token: string): string | undefined {
  const current = holds.get(key);
  if (current !== undefined && current !== token) return current;
  holds.set(key, token);
  deletedHere.delete(key);
  return undefined;
}

/** Lets go of `key` if `token` holds it (a failed create, or the holder's own delete). */
export function letGo(key: string, token: unknown): void {
  if (typeof token === "string" && holds.get(key) === token) holds.delete(key);
}

/** Notes that a delete of this process removed `key` (see {@link wasDeletedHere}). */
export function noteDeleted(key: string): void {
  deletedHere.add(key);
}

/**
 * True when a delete of this process removed `key` and no create has taken it since: a listing
 * that still shows the object lags that delete (AGB's file listings may lag, docs/agb-protocol.md §13), as in
 * a replacement that deletes first and then creates at the same place.
 */
export function wasDeletedHere(key: string): boolean {
  return deletedHere.has(key);
}

/** True when a create of this process holds `key` under a token other than `token`. */
export function heldByAnother(key: string, token: unknown): boolean {
  const current = holds.get(key);
  return current !== undefined && current !== token;
}

/** Forgets every hold, as a new provider process would (tests that play several deployments in one process). */
export function forgetHoldsForTests(): void {
  holds.clear();
  deletedHere.clear();
}

/** The key of a context name on an endpoint. */
export const contextNameKey = (endpoint: string, name: string): string => `context-name\n${endpoint}\n${name}`;
/** The key of a context id on an endpoint. */
export const contextIdKey = (endpoint: string, id: string): string => `context-id\n${endpoint}\n${id}`;
/** The key of a file location on an endpoint. */
export const fileKey = (endpoint: string, contextId: string, path: string): string => `file\n${endpoint}\n${contextId}\n${path}`;
