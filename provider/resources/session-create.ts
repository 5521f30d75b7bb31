/**
 * Session create: idempotent by creation token, then a wait (under `timeouts.create`) for the
 * create-time sync tasks. Any failure once the session exists is a partial failure carrying its id.
 */
import { waitForSessionStatus, waitForSyncTasks } from "../client/index";
import type { AgbApi, CreateSessionRequest, SessionDetails, SyncTask } from "../client/types";
import { getApi } from "../config";
import { describe, isAmbiguous, isNotFound, ResourceInitError } from "./errors";
import { creationToken, managedLabels, TOKEN_LABEL, userLabels } from "./session-labels";
import type { SessionInputs } from "./session-schema";
import { assertExtensionsPresent } from "./session-extensions";
import { isSessionInState } from "./sessions-in-state";
import { canonicalFrom, GONE_STATUSES, identityOf, pickFields, SESSION_RULES, sessionOutputs } from "./session-state";
import { toCreateSessionRequest } from "./session-wire";

/** createSession attempts after ambiguous failures (each preceded by a look-up by token). */
const MAX_CREATE_ATTEMPTS = 3;

/**
 * A live session carrying the token that no resource in state owns, if any (left by an earlier
 * attempt whose answer was lost); see sessions-in-state.ts for why owned ones are skipped.
 */
export async function findByToken(api: AgbApi, token: string): Promise<string | undefined> {
  const found: string[] = [];
  for await (const item of api.listSessions({ labels: { [TOKEN_LABEL]: token } })) {
    if (!GONE_STATUSES.has(item.sessionStatus) && !isSessionInState(item.sessionId)) found.push(item.sessionId);
  }
  return found.sort()[0];
}

/** Creates the session unless one with the token exists; an ambiguous failure is resolved by looking again. */
async function createOnce(
  api: AgbApi,
  req: CreateSessionRequest,
  token: string,
  deadline: number,
  beforeCreate: () => Promise<void>,
): Promise<{ sessionId: string; details?: Partial<SessionDetails> }> {
  const existing = await findByToken(api, token);
  if (existing) return { sessionId: existing };
  // Only for a session still to be made: one an earlier attempt made is adopted whatever this says.
  await beforeCreate();
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await api.createSession(req);
      return { sessionId: created.sessionId, details: created };
    } catch (err) {
      if (!isAmbiguous(err)) throw err;
      // The request may have created the session before the answer was lost: adopt it, never duplicate.
      const found = await findByToken(api, token);
      if (found) return { sessionId: found };
      if (attempt >= MAX_CREATE_ATTEMPTS || Date.now() >= deadline) {
        throw new Error(
          `createSession failed ${attempt} times without a definite answer (${describe(err)}); no session with ` +
            `creation token ${token} exists. Run \`pulumi up\` again: a session created late is adopted by its token.`,
        );
      }
    }
  }
}

/** Adopts an existing live session (`adoptSessionId`): the stand-in for `pulumi import`. */
async function adopt(api: AgbApi, sessionId: string): Promise<Partial<SessionDetails>> {
  let details: SessionDetails;
  try {
    details = await api.getSession(sessionId);
  } catch (err) {
    if (isNotFound(err)) throw new Error(`adoptSessionId: session ${sessionId} does not exist on ${api.endpoint}`);
    throw err;
  }
  if (details.status && GONE_STATUSES.has(details.status)) {
    throw new Error(`adoptSessionId: session ${sessionId} is ${details.status} (released) and cannot be adopted`);
  }
  return details;
}

/** The latest task per (context, path): an earlier failed attempt must not block a retry forever. */
export function latestPerSync(tasks: SyncTask[]): Map<string, SyncTask> {
  const latest = new Map<string, SyncTask>();
  for (const t of tasks) {
    const key = `${t.contextId}\n${t.path}`;
    const prev = latest.get(key);
    if (!prev || (t.startTime ?? 0) >= (prev.startTime ?? 0)) latest.set(key, t);
  }
  return latest;
}

/** Waits for the create-time (download) sync tasks (the latest per sync); returns failure reasons, empty when all succeeded. */
export async function waitForCreateSyncs(api: AgbApi, sessionId: string, deadline: number): Promise<string[]> {
  try {
    const tasks = await waitForSyncTasks(api, { sessionId, taskType: "download" }, { timeoutMs: Math.max(0, deadline - Date.now()) });
    return [...latestPerSync(tasks).values()]
      .filter((t) => t.status === "Failed")
      .map((t) => `the initial download of context ${t.contextId} to ${t.path} failed${t.errorMessage ? `: ${t.errorMessage}` : ""}`);
  } catch (err) {
    return [`waiting for the initial context downloads failed: ${describe(err)}`];
  }
}

/** Replacement-relevant canonical inputs: what the creation token hashes. */
export function replacementInputs(inputs: SessionInputs): Record<string, unknown> {
  return pickFields(inputs as Record<string, unknown>, SESSION_RULES.replaceOnChange);
}

/** Waits (adaptive polling, under the create deadline) until the session is RUNNING; returns failure reasons. */
export async function waitForRunning(api: AgbApi, sessionId: string, deadline: number): Promise<string[]> {
  try {
    await waitForSessionStatus(api, sessionId, ["RUNNING"], { timeoutMs: Math.max(0, deadline - Date.now()) });
    return [];
  } catch (err) {
    return [`it did not reach RUNNING: ${describe(err)}`];
  }
}

/** The dynamic provider's create. */
export async function create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const canonical = canonicalFrom(inputs);
  if (!canonical) throw new Error("Session inputs are invalid; run `pulumi preview` to see the check failures");
  const api = getApi();
  const deadline = Date.now() + (canonical.timeouts as { create: number }).create * 1000;
  const identity = identityOf(inputs);
  const token = creationToken(identity, replacementInputs(canonical));
  const labels = { ...(canonical.labels as Record<string, string>), ...managedLabels(identity, token) };
  const req = toCreateSessionRequest(canonical, labels);

  let sessionId: string;
  let details: Partial<SessionDetails> | undefined;
  if (canonical.adoptSessionId !== undefined) {
    sessionId = canonical.adoptSessionId as string;
    details = await adopt(api, sessionId);
  } else {
    ({ sessionId, details } = await createOnce(api, req, token, deadline, () => assertExtensionsPresent(api, canonical, deadline)));
  }

  // From here on the session exists: every failure must carry its id, or it leaks.
  const facts = { sessionId, endpoint: api.endpoint, creationToken: token };
  const reasons: string[] = [];
  try {
    if (canonical.adoptSessionId !== undefined) await api.setLabels(sessionId, labels);
    reasons.push(...(await waitForRunning(api, sessionId, deadline)));
    if (reasons.length === 0 && req.persistenceDataList?.length) reasons.push(...(await waitForCreateSyncs(api, sessionId, deadline)));
    details = { ...details, ...(await api.getSession(sessionId)) };
    if (canonical.adoptSessionId !== undefined) {
      const actual = userLabels(await api.getLabels(sessionId));
      if (JSON.stringify(actual) !== JSON.stringify(userLabels(labels))) reasons.push(`labels did not apply: read back ${JSON.stringify(actual)}`);
    }
  } catch (err) {
    reasons.push(describe(err));
  }
  if (reasons.length > 0) {
    const outs = sessionOutputs(inputs, { ...facts, details, ready: false });
    throw new ResourceInitError(sessionId, { ...inputs, ...outs }, [
      `session ${sessionId} was created but is not ready: ${reasons.join("; ")}`,
      "it is recorded in the stack; the next `pulumi up` checks it again (or replace it with `pulumi up --replace <urn>`)",
    ]);
  }
  return { id: sessionId, outs: sessionOutputs(inputs, { ...facts, details, ready: true }) };
}
