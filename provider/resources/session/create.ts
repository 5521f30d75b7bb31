/**
 * Session create: made once per create call, then a wait (under `timeouts.create`) for RUNNING and
 * the create-time sync tasks. Any failure once the session exists is a partial failure carrying its
 * id, so the engine records it.
 *
 * Ownership (docs/ownership.md has every path and its test). The session is born with the claim
 * label `creating` and the random id of this create call (`attempt`). Right before this create
 * answers the engine (success or partial failure) it marks the session `unclaimed`: handed over.
 * From then on no create adopts it, whatever happens to the answer, so a resource being replaced
 * (`pulumi up --replace` calls no Diff and Check without olds: pulumi/pulumi
 * pkg/resource/deploy/step_generator.go, `isTargetedReplace`), a twin under another parent, and a
 * stack with the same names in another backend can never share it. Only a session still `creating`
 * (its create was cut short before the hand-over) is taken back by a later create with the same
 * token; a handed-over one this process does not know is reported by id instead (token-search.ts).
 * The program then claims the session once the engine has recorded it (claim.ts).
 *
 * What remains, in docs/ownership.md: a crash after the hand-over mark and before the engine records
 * the id leaves an `unclaimed` session no stack holds, reported by id by the next create of that
 * resource; two creates of one token running at the same moment in two processes (two backends
 * with identical names, both mid-create) could both take back the same `creating` session.
 */
import { randomUUID } from "node:crypto";
import { AgbTimeoutError, pollUntil, waitForSessionStatus, waitForSyncTasks } from "../../client/index";
import type { AgbApi, CreateSessionRequest, SessionDetails, SyncTask } from "../../client/types";
import { getApi } from "../../config";
import { describe, isAmbiguous, isNotFound, ResourceInitError } from "../shared/errors";
import { ATTEMPT_LABEL, CLAIM_LABEL, CREATING, creationToken, managedLabels, UNCLAIMED, userLabels } from "./labels";
import type { KnownSessionInputs } from "./schema";
import { known } from "../shared/parse-inputs";
import { assertExtensionsPresent } from "./extensions";
import { noteSessionInState } from "./in-state";
import { pickFields } from "../shared/fields";
import { canonicalFrom, GONE_STATUSES, identityOf, RUN_KEY, SESSION_RULES, sessionOutputs } from "./state";
import type { SessionFacts } from "./state";
import { searchToken } from "./token-search";
import { releaseOwnDuplicates, releaseUnhanded } from "./own-duplicates";
import { toCreateSessionRequest } from "./wire";

/** createSession attempts after ambiguous failures (each followed by a look-again by token). */
const MAX_CREATE_ATTEMPTS = 3;

/**
 * How long, after an ambiguous createSession, the provider keeps looking for the session by its
 * token before it sends createSession again (never past the create deadline). The real ListSession
 * may list a new session late and may hide it while it is PENDING (docs/agb-protocol.md §8), so one look is
 * not proof that nothing was made. Env `AGB_CREATE_LOOK_AGAIN_MS`. Default: 30000.
 */
export const DEFAULT_LOOK_AGAIN_MS = 30_000;

function lookAgainMs(): number {
  const raw = process.env.AGB_CREATE_LOOK_AGAIN_MS?.trim();
  const value = raw ? Number(raw) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : DEFAULT_LOOK_AGAIN_MS;
}

/**
 * After an ambiguous createSession: looks for a session to take back under the token, with waits
 * (the client's poll schedule), for {@link lookAgainMs} or until the deadline. Undefined when none
 * showed up.
 */
async function lookAgain(api: AgbApi, token: string, deadline: number): Promise<string | undefined> {
  const until = Math.min(deadline, Date.now() + lookAgainMs());
  try {
    const found = await pollUntil(
      {
        what: `a session with creation token ${token} to be listed`,
        operation: "findByToken",
        probe: () => searchToken(api, token),
        done: (s) => s.takeBack !== undefined,
      },
      { timeoutMs: Math.max(0, until - Date.now()) },
    );
    return found.takeBack;
  } catch (err) {
    if (err instanceof AgbTimeoutError && err.operation === "findByToken") return undefined;
    throw err;
  }
}

/** What createOnce settled on. */
interface Made {
  sessionId: string;
  details?: Partial<SessionDetails>;
  /** Handed-over sessions under the token that were left alone (reported). */
  suspects: string[];
  /** True when a createSession answer was lost on the way (its session may show up later). */
  ambiguous: boolean;
}

/** Takes back an unfinished create's session, or creates one; an ambiguous failure is resolved by looking again. */
async function createOnce(
  api: AgbApi,
  req: CreateSessionRequest,
  token: string,
  deadline: number,
  beforeCreate: () => Promise<void>,
): Promise<Made> {
  const { takeBack, suspects } = await searchToken(api, token);
  if (takeBack) return { sessionId: takeBack, suspects, ambiguous: false };
  // Only for a session still to be made: one an earlier attempt made is taken back whatever this says.
  await beforeCreate();
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await api.createSession(req);
      noteSessionInState(created.sessionId); // ours from this moment: no other create in this process takes it
      return { sessionId: created.sessionId, details: created, suspects, ambiguous: attempt > 1 };
    } catch (err) {
      if (!isAmbiguous(err)) throw err;
      // The request may have created the session before the answer was lost: take it, never duplicate.
      const found = await lookAgain(api, token, deadline);
      if (found) return { sessionId: found, suspects, ambiguous: true };
      if (attempt >= MAX_CREATE_ATTEMPTS || Date.now() >= deadline) {
        throw new Error(
          `createSession got no definite answer in ${attempt} attempt(s) (${describe(err)}); no session with ` +
            `creation token ${token} showed up. Run \`pulumi up\` again: a session created late is taken back by its token.`,
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
export function replacementInputs(inputs: KnownSessionInputs): Record<string, unknown> {
  return pickFields(inputs, SESSION_RULES.replaceOnChange);
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
  const parsed = canonicalFrom(inputs);
  if (!parsed) throw new Error("Session inputs are invalid; run `pulumi preview` to see the check failures");
  const canonical = known(parsed, "Session create");
  const api = getApi();
  const deadline = Date.now() + canonical.timeouts.create * 1000;
  const identity = identityOf(inputs);
  const token = creationToken(identity, replacementInputs(canonical));
  const attemptId = randomUUID();
  const labels = { ...canonical.labels, ...managedLabels(identity, token) };
  const handed = { ...labels, [CLAIM_LABEL]: UNCLAIMED };
  const req = toCreateSessionRequest(canonical, { ...labels, [CLAIM_LABEL]: CREATING, [ATTEMPT_LABEL]: attemptId });
  const adoptId = canonical.adoptSessionId;
  const adopting = adoptId !== undefined;

  let made: Made;
  if (adoptId !== undefined) {
    made = { sessionId: adoptId, details: await adopt(api, adoptId), suspects: [], ambiguous: false };
  } else {
    made = await createOnce(api, req, token, deadline, () => assertExtensionsPresent(api, canonical, deadline));
  }
  const { sessionId, suspects } = made;
  let details = made.details;

  // From here on the session exists: every failure must carry its id (or release it), or it leaks.
  const facts = {
    sessionId,
    endpoint: api.endpoint,
    creationToken: token,
    createdIn: inputs[RUN_KEY],
    suspects,
    attemptId: made.ambiguous ? attemptId : undefined,
  };
  const reasons: string[] = [];
  let running: string[] = [];
  try {
    if (adopting) await api.setLabels(sessionId, labels);
    running = await waitForRunning(api, sessionId, deadline);
    reasons.push(...running);
    if (reasons.length === 0 && req.persistenceDataList?.length) reasons.push(...(await waitForCreateSyncs(api, sessionId, deadline)));
    // A session this call made has its details from createSession and is RUNNING now; one taken back
    // or adopted is read once.
    details =
      made.details?.resourceId && running.length === 0
        ? { ...made.details, status: "RUNNING" }
        : { ...details, ...(await api.getSession(sessionId)) };
    if (adopting) {
      const actual = userLabels(await api.getLabels(sessionId));
      if (JSON.stringify(actual) !== JSON.stringify(userLabels(labels)))
        reasons.push(`labels did not apply: read back ${JSON.stringify(actual)}`);
    }
  } catch (err) {
    reasons.push(describe(err));
  }
  if (made.ambiguous) await releaseOwnDuplicatesSafely(api, attemptId, sessionId);
  if (!adopting) {
    // A session that never ran holds nothing of anyone's (the service refuses labels and syncs on it
    // while PENDING): released here rather than handed over half-made.
    if (running.length > 0) await releaseNeverRan(api, sessionId, reasons, inputs, facts, canonical.timeouts);
    // The hand-over: from here the id may be in a stack's state, so no create may take it back.
    await markHandedOver(api, sessionId, handed, inputs, facts);
  }
  if (reasons.length > 0) {
    // Recorded in state all the same (the error carries the id); the next `up` finishes the create
    // with an update, which sets the managed labels and so the claim.
    const outs = sessionOutputs(inputs, { ...facts, details, ready: false });
    throw new ResourceInitError(sessionId, { ...inputs, ...outs }, [
      `session ${sessionId} was created but is not ready: ${reasons.join("; ")}`,
      "it is recorded in the stack; the next `pulumi up` checks it again and finishes it",
    ]);
  }
  return { id: sessionId, outs: sessionOutputs(inputs, { ...facts, details, ready: true }) };
}

/**
 * Releases a session that did not reach RUNNING before the create deadline and fails the create
 * with no id. Only when the release fails too is it handed to the engine (with the error's id).
 */
async function releaseNeverRan(
  api: AgbApi,
  sessionId: string,
  reasons: string[],
  inputs: Record<string, unknown>,
  facts: Omit<SessionFacts, "ready">,
  timeouts: { create: number },
): Promise<never> {
  try {
    await releaseUnhanded(api, sessionId);
  } catch (err) {
    const outs = sessionOutputs(inputs, { ...facts, ready: false });
    throw new ResourceInitError(sessionId, { ...inputs, ...outs }, [
      `session ${sessionId} was created but is not ready: ${reasons.join("; ")}; releasing it failed too (${describe(err)})`,
      "it is recorded in the stack; the next `pulumi up` checks it again and finishes it",
    ]);
  }
  throw new Error(
    `session ${sessionId} did not become RUNNING (timeouts.create: ${timeouts.create} s): ${reasons.join("; ")}. ` +
      "It was released (it never ran, so nothing is lost) and nothing is recorded. If the service is slow, raise timeouts.create; then run `pulumi up` again.",
  );
}

/** Releases sessions of this create call's own lost attempts (never fails the create; leftovers are released on delete). */
async function releaseOwnDuplicatesSafely(api: AgbApi, attemptId: string, keep: string): Promise<void> {
  try {
    await releaseOwnDuplicates(api, attemptId, keep);
  } catch {
    // Delete looks again by the same attempt id (delete.ts).
  }
}

/**
 * Marks the session handed over (claim `unclaimed`). When that fails, the session is not handed to
 * the engine at all: it is released and the create fails with no id, so a session still marked
 * `creating` never sits in a stack (where a later create could take it). Only when the release fails
 * too is it handed over unmarked, with the reason.
 */
async function markHandedOver(
  api: AgbApi,
  sessionId: string,
  handed: Record<string, string>,
  inputs: Record<string, unknown>,
  facts: Omit<SessionFacts, "ready">,
): Promise<void> {
  try {
    await api.setLabels(sessionId, handed);
    return;
  } catch (err) {
    const why = describe(err);
    try {
      await releaseUnhanded(api, sessionId);
    } catch (releaseErr) {
      const outs = sessionOutputs(inputs, { ...facts, ready: false });
      throw new ResourceInitError(sessionId, { ...inputs, ...outs }, [
        `session ${sessionId} was created, but marking it as handed to Pulumi failed (${why}) and releasing it failed too (${describe(releaseErr)})`,
        "it is recorded in the stack; the next `pulumi up` finishes it",
      ]);
    }
    throw new Error(
      `session ${sessionId} was created, but marking it as handed to Pulumi failed (${why}); it was released, so nothing is left behind. Run \`pulumi up\` again.`,
    );
  }
}
