/**
 * Provider-managed session labels: the creation token (idempotent create) and the project, stack and
 * resource name. They never show as drift and a label update never removes them.
 */
import { createHash } from "node:crypto";
import { MANAGED_LABEL_PREFIX } from "./schema";

/** Label holding the creation token. */
export const TOKEN_LABEL = `${MANAGED_LABEL_PREFIX}token`;
/**
 * Label saying how far a session is from being owned by a resource (the ownership rule and its
 * paths: docs/ownership.md):
 * - {@link CREATING} from createSession until the create that made it hands it to the engine. Such
 *   a session is in no stack's state, so a later create with the same token may take it back
 *   (a lost answer, a provider host or `pulumi` killed mid-create).
 * - {@link UNCLAIMED} ("handed") once a create has answered the engine with its id (success or a
 *   partial failure). It may be in a stack's state, so no create ever adopts it; a create that finds
 *   one it does not know reports it by id instead.
 * - {@link CLAIMED} once the program saw the engine record it (claim.ts), or an update or an
 *   adoption wrote the managed labels.
 * A value, not the label's presence, so that it works whether the real SetLabel replaces or merges
 * the label set (docs/agb-protocol.md §9).
 */
export const CLAIM_LABEL = `${MANAGED_LABEL_PREFIX}claim`;
/** {@link CLAIM_LABEL} from createSession until its create answered the engine. */
export const CREATING = "creating";
/** {@link CLAIM_LABEL} once a create answered the engine with the session, until the program claims it. */
export const UNCLAIMED = "unclaimed";
/** {@link CLAIM_LABEL} once a resource owns the session. */
export const CLAIMED = "claimed";
/** Label with the random id of the create call that made the session: its own attempts, and only those. */
export const ATTEMPT_LABEL = `${MANAGED_LABEL_PREFIX}attempt`;
/** Labels naming where the session is declared. */
export const PROJECT_LABEL = `${MANAGED_LABEL_PREFIX}project`;
export const STACK_LABEL = `${MANAGED_LABEL_PREFIX}stack`;
export const NAME_LABEL = `${MANAGED_LABEL_PREFIX}name`;

/** Where a resource is declared; recorded by the resource class into hidden inputs. */
export interface ResourceIdentity {
  project: string;
  stack: string;
  name: string;
}

/** JSON with sorted keys, so the hash does not depend on key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Deterministic token from the identity and the replacement-relevant inputs: a retried create finds
 * the session an earlier, ambiguous attempt made, while a replacement (different inputs) gets a new
 * token and therefore a new session.
 */
export function creationToken(identity: ResourceIdentity, replacementInputs: Record<string, unknown>): string {
  const text = stableStringify({ identity, inputs: replacementInputs });
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/**
 * The managed labels of a session a resource owns (empty identity parts are left out); create sends
 * them with {@link CLAIM_LABEL} set to {@link CREATING}, then {@link UNCLAIMED}.
 */
export function managedLabels(identity: ResourceIdentity, token: string, claim: string = CLAIMED): Record<string, string> {
  const labels: Record<string, string> = { [TOKEN_LABEL]: token, [CLAIM_LABEL]: claim };
  if (identity.project) labels[PROJECT_LABEL] = identity.project;
  if (identity.stack) labels[STACK_LABEL] = identity.stack;
  if (identity.name) labels[NAME_LABEL] = identity.name;
  return labels;
}

/** True for label keys the provider owns. */
export function isManagedLabel(key: string): boolean {
  return key.startsWith(MANAGED_LABEL_PREFIX);
}

/** The user-visible part of a label set. */
export function userLabels(all: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(all).sort()) if (!isManagedLabel(key)) out[key] = all[key];
  return out;
}

/** The provider-owned part of a label set. */
export function onlyManaged(all: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(all).sort()) if (isManagedLabel(key)) out[key] = all[key];
  return out;
}
