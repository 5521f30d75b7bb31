/**
 * Session state helpers shared by the handlers: canonical inputs out of any stored shape, the
 * resource identity, the replacement rules and the outputs record.
 */
import type { SessionDetails } from "../../client/types";
import { compact, containsUnknown, issuesToFailures } from "../shared/check-helpers";
import type { DiffRules } from "../shared/diff";
import { SESSION_FIELDS, sessionInputsSchema } from "./schema";
import type { KnownSessionInputs, SessionField, SessionInputs } from "./schema";
import { known } from "../shared/parse-inputs";
import type { ResourceIdentity } from "./labels";
import { pickFields } from "../shared/fields";
import { CREATED_IN_KEY, RUN_KEY, SUSPECTS_KEY } from "../shared/run-keys";

/** Replacement as data: every field not listed here updates in place (labels via SetLabel; the rest are provider-side settings). */
export const SESSION_RULES: DiffRules<SessionField> = {
  fields: SESSION_FIELDS,
  replaceOnChange: ["imageId", "contextSyncs", "browserContext", "idleTimeoutSeconds", "policyId"],
};

/** Hidden inputs the resource class records: where the resource is declared. */
export const HIDDEN_IDENTITY_KEYS = ["__agbProject", "__agbStack", "__agbName"] as const;
// The run id, the run a create echoes and the reported ids (for a Session: handed-over sessions under
// its token that create left alone, token-search.ts) are shared with the other kinds.
export { CREATED_IN_KEY, RUN_KEY, SUSPECTS_KEY };
/** Hidden output, only after a lost createSession answer: the create call's attempt id, so delete can release its duplicates. */
export const ATTEMPT_KEY = "__agbAttempt";

/**
 * Hidden output set by read when the live session is not marked claimed (its program's claim never
 * landed): diff then asks for an update, and update marks it (claim.ts says why that matters).
 */
export const CLAIM_PENDING_KEY = "__agbClaimPending";

/** Statuses that mean the session is released or being released. */
export const GONE_STATUSES: ReadonlySet<string> = new Set(["DELETING", "FINISH", "DELETED"]);

/** The hidden identity inputs of a property bag. */
export function hiddenIdentity(props: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of HIDDEN_IDENTITY_KEYS) if (typeof props?.[k] === "string") out[k] = props[k] as string;
  return out;
}

/** Project, stack and resource name from the hidden inputs ("" when absent, e.g. old state). */
export function identityOf(props: Record<string, unknown>): ResourceIdentity {
  const h = hiddenIdentity(props);
  return { project: h.__agbProject ?? "", stack: h.__agbStack ?? "", name: h.__agbName ?? "" };
}

/**
 * Canonical inputs from stored inputs or outputs of any provider version: defaults are filled the
 * same way check fills them, so an older state shape never shows as a diff. Undefined when the
 * stored fields do not parse (then callers fall back to the raw fields).
 */
export function canonicalFrom(props: Record<string, unknown>): SessionInputs | undefined {
  const parsed = sessionInputsSchema.safeParse(pickFields(props ?? {}, SESSION_FIELDS));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Canonical inputs of a resource's stored outputs, for the handlers that act on them (diff of a
 * changed resource, update, delete). Stored state that no longer parses (edited by hand, written
 * by a broken tool) stops them with an error naming each bad field: acting on a guess would
 * release a session without uploading what its syncs say, or overwrite its labels. Nothing has
 * been sent to AGB when this throws.
 */
export function storedSessionInputs(id: string, stored: Record<string, unknown>, action: "diff" | "update" | "delete"): KnownSessionInputs {
  const parsed = sessionInputsSchema.safeParse(pickFields(stored ?? {}, SESSION_FIELDS));
  // Stored outputs never hold the preview unknown; one that does is as unusable as a field that does not parse.
  if (parsed.success && !containsUnknown(parsed.data)) return known(parsed.data, `Session ${id}`);
  const fields = parsed.success
    ? SESSION_FIELDS.filter((f) => containsUnknown(parsed.data[f])).map((f) => `${f}: holds the preview's unknown value`)
    : issuesToFailures(parsed.error.issues).map((f) => `${f.property}: ${f.reason}`);
  throw new Error(
    `Session ${id}: the stored state no longer parses (${fields.join("; ")}), so the provider cannot safely ${action} it. ` +
      "Nothing was changed. `pulumi refresh` rewrites the labels from the live session; for any other field, restore its " +
      "value in the stack's state (`pulumi stack export --file state.json`, fix the field in this resource's outputs " +
      "and inputs, `pulumi stack import --file state.json`), then run the command again.",
  );
}

/** Canonical fields for diffing: parsed when possible, raw otherwise. */
export function comparableFields(props: Record<string, unknown>): Record<string, unknown> {
  const c = canonicalFrom(props);
  return c ? pickFields(c as Record<string, unknown>, SESSION_FIELDS) : pickFields(props ?? {}, SESSION_FIELDS);
}

/** Everything a session output record holds beyond its canonical inputs. */
export interface SessionFacts {
  sessionId: string;
  endpoint: string;
  creationToken?: string;
  ready: boolean;
  details?: Partial<SessionDetails>;
  /** The {@link RUN_KEY} of the create's inputs; read and update pass the stored value on. */
  createdIn?: unknown;
  /** Create only: {@link SUSPECTS_KEY}. */
  suspects?: string[];
  /** {@link ATTEMPT_KEY}; read and update pass the stored value on. */
  attemptId?: unknown;
  /** Read only: {@link CLAIM_PENDING_KEY}. */
  claimPending?: boolean;
}

/**
 * The live details, with the stored `resourceUrl` and `token` kept while the session is the same.
 * Why: getSession hands out a new auth code on every call (in `resourceUrl`, and a new `token`), so
 * taking them on read would make every `pulumi refresh` report and rewrite every Session although
 * nothing about it changed. While the session id and its `resourceId` are unchanged, the stored
 * values are still that session's own credentials, so they are kept; a different `resourceId` (the
 * sandbox behind the session changed) takes the fresh ones. The auth code's validity is limited
 * (30 minutes per the AGB docs) either way: a client that needs a fresh URL calls getSession itself.
 */
export function keepStoredCredentials(stored: Record<string, unknown>, sessionId: string, live: SessionDetails): SessionDetails {
  const same =
    stored?.sessionId === sessionId &&
    typeof live.resourceId === "string" &&
    live.resourceId !== "" &&
    stored.resourceId === live.resourceId;
  if (!same) return live;
  return {
    ...live,
    resourceUrl: typeof stored.resourceUrl === "string" ? stored.resourceUrl : live.resourceUrl,
    token: typeof stored.token === "string" ? stored.token : live.token,
  };
}

/**
 * The outputs a session has beyond its input fields, as {@link sessionOutputs} writes them: the
 * program-side class declares exactly these and {@link SESSION_FIELDS} (its own check says so).
 * No linkUrl / wsUrl: the direct-link and streaming URLs are per-connection details a client takes
 * from getSession when it connects; stored as secrets they cost ~400 state bytes per session.
 */
export const SESSION_FACT_OUTPUTS = [
  "sessionId",
  "status",
  "resourceUrl",
  "token",
  "appInstanceId",
  "resourceId",
  "endpoint",
  "creationToken",
  "ready",
] as const;
/** A fact output of a session. */
export type SessionFactOutput = (typeof SESSION_FACT_OUTPUTS)[number];
/** Every visible output of a session: its facts, then its canonical inputs. */
export const SESSION_OUTPUT_NAMES: readonly (SessionFactOutput | SessionField)[] = [...SESSION_FACT_OUTPUTS, ...SESSION_FIELDS];

/** The full output record: canonical inputs (incl. hidden identity) plus the session's facts. */
export function sessionOutputs(inputs: Record<string, unknown>, facts: SessionFacts): Record<string, unknown> {
  const d = facts.details ?? {};
  // Typed by the list: a fact written here and not listed (or listed and not written) fails to compile.
  const written: Record<SessionFactOutput, unknown> = {
    sessionId: facts.sessionId,
    status: d.status,
    resourceUrl: d.resourceUrl,
    token: d.token,
    appInstanceId: d.appInstanceId,
    resourceId: d.resourceId,
    endpoint: facts.endpoint,
    creationToken: facts.creationToken,
    ready: facts.ready,
  };
  return compact({
    ...pickFields(inputs, SESSION_FIELDS),
    ...hiddenIdentity(inputs),
    ...written,
    [CREATED_IN_KEY]: typeof facts.createdIn === "string" ? facts.createdIn : undefined,
    [SUSPECTS_KEY]: facts.suspects?.length ? facts.suspects.join(",") : undefined,
    [ATTEMPT_KEY]: typeof facts.attemptId === "string" ? facts.attemptId : undefined,
    [CLAIM_PENDING_KEY]: facts.claimPending ? true : undefined,
  });
}
