/**
 * Session create: idempotent by creation token, then a wait (under `timeouts.create`) for the
 * create-time sync tasks. Any failure once the session exists is a partial failure carrying its id.
 *
 * Ownership. The creation token is a pure function of the resource's identity and replacement
 * inputs, so it is the same for a first create, for a retry after a lost answer, and also for
 * `pulumi up --replace <urn>`: the engine then calls Check with no olds and never the provider's
 * Diff (pulumi/pulumi pkg/resource/deploy/step_generator.go: `generateSteps` checks with no olds
 * when `sg.isTargetedReplace(urn)`, and `diff` answers "replace, blame id" for it without asking the
 * provider), then Create, then Delete of the old resource. Two resources with one logical name under
 * parents of different types get the same token too. So a session found by its token is adopted
 * only when no resource owns it: createSession labels it {@link UNCLAIMED}, and it is claimed once
 * the engine has recorded it, by the program (claim.ts), or by an update or an adoption. Sessions
 * this process created are never adopted either, even before their claim (two creates at once).
 *
 * What remains (cannot be closed from the provider):
 * - a program that dies after the engine recorded the session and before its claim landed: the
 *   session stays unclaimed until the next `up` claims it (update); a `--replace` of it in between
 *   can adopt it (claim.ts);
 * - a session recorded without its claim (a partial failure) stays adoptable the same way until the
 *   next `up` finishes it;
 * - two processes creating the same token at the same moment: the token holds the project, stack
 *   and resource name, so only two operations running at once on one stack can do that.
 */
import { AgbTimeoutError, pollUntil, waitForSessionStatus, waitForSyncTasks } from "../../client/index";
import type { AgbApi, CreateSessionRequest, SessionDetails, SyncTask } from "../../client/types";
import { getApi } from "../../config";
import { describe, isAmbiguous, isNotFound, ResourceInitError } from "../errors";
import { CLAIM_LABEL, creationToken, managedLabels, TOKEN_LABEL, UNCLAIMED, userLabels } from "./labels";
import type { SessionInputs } from "./schema";
import { assertExtensionsPresent } from "./extensions";
import { isSessionInState, noteSessionInState } from "./in-state";
import { canonicalFrom, GONE_STATUSES, identityOf, pickFields, RUN_KEY, SESSION_RULES, sessionOutputs } from "./state";
import { toCreateSessionRequest } from "./wire";

/** createSession attempts after ambiguous failures (each followed by a look-again by token). */
const MAX_CREATE_ATTEMPTS = 3;

/**
 * How long, after an ambiguous createSession, the provider keeps looking for the session by its
 * token before it sends createSession again (never past the create deadline). The real ListSession
 * may list a new session late and may hide it while it is PENDING (agb-api.md 10.4), so one look is
 * not proof that nothing was made. Env `AGB_CREATE_LOOK_AGAIN_MS`. Default: 30000.
 */
export const DEFAULT_LOOK_AGAIN_MS = 30_000;

function lookAgainMs(): number {
  const raw = process.env.AGB_CREATE_LOOK_AGAIN_MS?.trim();
  const value = raw ? Number(raw) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_LOOK_AGAIN_MS;
}

/**
 * A live, unclaimed session carrying the token that this process did not create and no resource in
 * state owns, if any: one left by an earlier attempt whose answer was lost. The one returned is
 * reserved for the caller (checked and noted with no await in between), so two creates of one
 * token in this process never adopt the same session.
 */
export async function findByToken(api: AgbApi, token: string): Promise<string | undefined> {
  const found: string[] = [];
  for await (const item of api.listSessions({ labels: { [TOKEN_LABEL]: token, [CLAIM_LABEL]: UNCLAIMED } })) {
    if (!GONE_STATUSES.has(item.sessionStatus)) found.push(item.sessionId);
  }
  const free = found.sort().find((id) => !isSessionInState(id));
  noteSessionInState(free);
  return free;
}

/**
 * After an ambiguous createSession: looks for the session by its token, with waits (the client's
 * poll schedule), for {@link lookAgainMs} or until the deadline. Undefined when none showed up.
 */
async function lookAgain(api: AgbApi, token: string, deadline: number): Promise<string | undefined> {
  const until = Math.min(deadline, Date.now() + lookAgainMs());
  try {
    return await pollUntil(
      { what: `a session with creation token ${token} to be listed`, operation: "findByToken", probe: () => findByToken(api, token), done: (id) => id !== undefined },
      { timeoutMs: Math.max(0, until - Date.now()) },
    );
  } catch (err) {
    if (err instanceof AgbTimeoutError && err.operation === "findByToken") return undefined;
    throw err;
  }
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
      noteSessionInState(created.sessionId); // ours from this moment: no other create in this process adopts it
      return { sessionId: created.sessionId, details: created };
    } catch (err) {
      if (!isAmbiguous(err)) throw err;
      // The request may have created the session before the answer was lost: adopt it, never duplicate.
      const found = await lookAgain(api, token, deadline);
      if (found) return { sessionId: found };
      if (attempt >= MAX_CREATE_ATTEMPTS || Date.now() >= deadline) {
        throw new Error(
          `createSession got no definite answer in ${attempt} attempt(s) (${describe(err)}); no session with ` +
            `creation token ${token} showed up. Run \`pulumi up\` again: a session created late is adopted by its token.`,
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
  const req = toCreateSessionRequest(canonical, { ...labels, [CLAIM_LABEL]: UNCLAIMED });

  let sessionId: string;
  let details: Partial<SessionDetails> | undefined;
  if (canonical.adoptSessionId !== undefined) {
    sessionId = canonical.adoptSessionId as string;
    details = await adopt(api, sessionId);
  } else {
    ({ sessionId, details } = await createOnce(api, req, token, deadline, () => assertExtensionsPresent(api, canonical, deadline)));
  }

  // From here on the session exists: every failure must carry its id, or it leaks.
  const facts = { sessionId, endpoint: api.endpoint, creationToken: token, createdIn: inputs[RUN_KEY] };
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
    // Recorded in state all the same (the error carries the id); the next `up` finishes the create
    // with an update, which sets the managed labels and so the claim.
    const outs = sessionOutputs(inputs, { ...facts, details, ready: false });
    throw new ResourceInitError(sessionId, { ...inputs, ...outs }, [
      `session ${sessionId} was created but is not ready: ${reasons.join("; ")}`,
      "it is recorded in the stack; the next `pulumi up` checks it again (or replace it with `pulumi up --replace <urn>`)",
    ]);
  }
  return { id: sessionId, outs: sessionOutputs(inputs, { ...facts, details, ready: true }) };
}
