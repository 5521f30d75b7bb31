/**
 * Control operations that make drift as the service itself would (docs/agb-local.md, "Making
 * drift"): change some of a session's labels, release a session, rename a context. Each goes
 * through the same model function as the wire operation (SetLabel, releaseSessionAsync,
 * ModifyContext), so the same rules apply (a released session takes no labels, a context name is
 * unique per account, `strictness.labelLimits`), and without an API key: the object is found by
 * its id in whichever account holds it. Unlike SetLabel, which replaces every label (the
 * provider's own `pulumi-agb-*` ones included), the label change touches only the keys it names.
 */
import type { App } from "../app";
import type { AccountRecord } from "../models/types";
import { LocalError } from "../models/errors";
import { modifyContext } from "../models/contexts";
import { releaseSession, setLabels } from "../models/sessions";
import { checkLabelLimits } from "../models/strictness";
import { ControlError } from "./control-routes";

/** The paths this file serves, under `/_local/drift/`. */
export const DRIFT_PREFIX = "/_local/drift/";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function text(body: Record<string, unknown>, field: string): string {
  const v = body[field];
  if (typeof v !== "string" || v.trim() === "") throw new ControlError(400, `${field}: must be a non-empty string`);
  return v;
}

function accountWith(app: App, has: (acct: AccountRecord) => boolean, missing: string): AccountRecord {
  const acct = Object.values(app.store.state.accounts).find(has);
  if (!acct) throw new ControlError(404, missing);
  return acct;
}

/** A model refusal (session not running, name taken, label limits) as a control-API error. */
function asControlError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof LocalError) throw new ControlError(err.kind.endsWith("NotFound") ? 404 : 400, err.message);
    throw err;
  }
}

/** `{ sessionId, labels: { key: "value" | null } }`: sets each key, removes those given null. */
function changeLabels(app: App, body: Record<string, unknown>): unknown {
  const sessionId = text(body, "sessionId");
  const change = body.labels;
  if (!isObject(change) || Object.keys(change).length === 0)
    throw new ControlError(400, 'labels: must be a map of keys to a string (set) or null (remove), e.g. {"team":"drifted"}');
  const acct = accountWith(app, (a) => sessionId in a.sessions, `sessionId: no session ${sessionId}`);
  const labels = { ...acct.sessions[sessionId].labels };
  for (const [key, value] of Object.entries(change)) {
    if (key.trim() === "") throw new ControlError(400, "labels: keys must not be empty");
    if (value === null) delete labels[key];
    else if (typeof value === "string" && value.trim() !== "") labels[key] = value;
    else throw new ControlError(400, `labels.${key}: must be a non-empty string, or null to remove the label`);
  }
  asControlError(() => {
    checkLabelLimits(app.strictness, "labels", labels);
    setLabels(app.store, acct, sessionId, labels);
  });
  return { sessionId, labels };
}

/** `{ sessionId }`: releaseSessionAsync (DELETING for `releaseMs`, then gone), without uploading anything. */
function release(app: App, body: Record<string, unknown>): unknown {
  const sessionId = text(body, "sessionId");
  const acct = accountWith(app, (a) => sessionId in a.sessions, `sessionId: no session ${sessionId}`);
  asControlError(() => releaseSession(app.store, acct, sessionId, false));
  return { sessionId, released: true };
}

/** `{ contextId, name }`: ModifyContext. */
function renameContext(app: App, body: Record<string, unknown>): unknown {
  const contextId = text(body, "contextId");
  const name = text(body, "name");
  const acct = accountWith(app, (a) => contextId in a.contexts, `contextId: no context ${contextId}`);
  asControlError(() => modifyContext(app.store, acct, contextId, name));
  return { contextId, name };
}

const OPERATIONS: Record<string, (app: App, body: Record<string, unknown>) => unknown> = {
  "session-labels": changeLabels,
  "release-session": release,
  "rename-context": renameContext,
};

/** `POST /_local/drift/<operation>` with a JSON object body; the change is persisted before the answer. */
export async function driftRoute(app: App, method: string, path: string, body: () => unknown): Promise<unknown> {
  const operation = OPERATIONS[path.slice(DRIFT_PREFIX.length)];
  if (!operation || method !== "POST")
    throw new ControlError(
      404,
      `${method} ${path}: unknown control endpoint (drift: POST ${Object.keys(OPERATIONS)
        .map((o) => DRIFT_PREFIX + o)
        .join(", ")})`,
    );
  const given = body();
  if (!isObject(given)) throw new ControlError(400, "body: must be a JSON object");
  const result = operation(app, given);
  await app.persistence.commit();
  return result;
}
