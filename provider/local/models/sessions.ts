/** Session operations (one function per AGB operation; no HTTP here). */
import { own } from "./keyed";
import { contextNotFound, invalid, sessionNotFound } from "./errors";
import { hex, newSessionId } from "./ids";
import { labelsMatch } from "./labels";
import { sessionStatus, taskStatus } from "./lifecycle";
import type { SessionStatus } from "./lifecycle";
import { paginate } from "./paging";
import type { Page } from "./paging";
import { parsePolicy } from "./policy";
import type { Store } from "./store";
import type { AccountRecord, SessionRecord, SyncEntry, TaskRecord, TaskType } from "./types";

export interface CreateSessionInput {
  imageId: string;
  labels: Record<string, string>;
  /** Idle timeout in seconds; undefined or 0 = the configured default. */
  timeout?: number;
  mcpPolicyId?: string;
  /** Raw entries from the wire; validated here. */
  persistenceDataList: unknown[];
}

function parseEntries(acct: AccountRecord, list: unknown[]): SyncEntry[] {
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const where = `persistenceDataList[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw invalid(where, "must be a JSON object");
    const entry = raw as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (key !== "contextId" && key !== "path" && key !== "policy") throw invalid(`${where}.${key}`, "unknown field");
    }
    const { contextId, path } = entry;
    if (typeof contextId !== "string" || contextId.trim() === "") throw invalid(`${where}.contextId`, "is required");
    if (typeof path !== "string" || path.trim() === "") throw invalid(`${where}.path`, "is required");
    if (!path.startsWith("/")) throw invalid(`${where}.path`, `must be an absolute path, got ${JSON.stringify(path)}`);
    if (seen.has(path)) throw invalid(`${where}.path`, `duplicate mount path ${path}`);
    seen.add(path);
    const policy = parsePolicy(`${where}.policy`, entry.policy);
    if (!own(acct.contexts, contextId)) throw contextNotFound(contextId);
    return { contextId, path, policy };
  });
}

export function createSession(store: Store, acct: AccountRecord, input: CreateSessionInput): SessionRecord {
  const entries = parseEntries(acct, input.persistenceDataList);
  const now = store.now();
  const { timing } = store;
  const session: SessionRecord = {
    sessionId: newSessionId(),
    seq: store.nextSeq(),
    imageId: input.imageId,
    labels: input.labels,
    persistenceDataList: entries,
    mcpPolicyId: input.mcpPolicyId,
    idleTimeoutSec: input.timeout ? input.timeout : timing.defaultIdleTimeoutSec,
    createdAt: now,
    pendingUntil: timing.createPendingMs === -1 ? -1 : timing.createPendingMs > 0 ? now + timing.createPendingMs : 0,
    lastActivityAt: now,
    appInstanceId: `ai-${hex(8)}`,
    resourceId: `p-${hex(8)}`,
  };
  acct.sessions[session.sessionId] = session;
  startSyncTasks(store, acct, session.sessionId, entries, "download", now);
  store.state.counters.sessionsCreated++;
  return session;
}

/**
 * Starts one sync task per entry (downloads take `createSyncMs`, uploads `uploadSyncMs`; all end
 * as `syncOutcome`) and marks each context used. Returns the new tasks.
 */
export function startSyncTasks(
  store: Store,
  acct: AccountRecord,
  sessionId: string,
  entries: SyncEntry[],
  taskType: TaskType,
  now: number,
): TaskRecord[] {
  const { timing } = store;
  const tasks = entries.map((e): TaskRecord => ({
    sessionId,
    contextId: e.contextId,
    path: e.path,
    taskType,
    createdAt: now,
    durationMs: taskType === "upload" ? timing.uploadSyncMs : timing.createSyncMs,
    outcome: timing.syncOutcome,
  }));
  acct.tasks.push(...tasks);
  for (const e of entries) {
    const ctx = own(acct.contexts, e.contextId);
    if (ctx) ctx.lastUsedAt = now; // a context deleted while in use keeps its sync entries
  }
  return tasks;
}

/** The session and its current status; not found when unknown or past FINISH. */
export function findSession(
  store: Store,
  acct: AccountRecord,
  sessionId: string,
): { session: SessionRecord; status: Exclude<SessionStatus, "GONE"> } {
  const session = own(acct.sessions, sessionId);
  if (!session) throw sessionNotFound(sessionId);
  const status = sessionStatus(session, store.now(), store.timing);
  if (status === "GONE") throw sessionNotFound(sessionId);
  return { session, status };
}

/**
 * A session that has not been released (PENDING or RUNNING). Every per-session call except the
 * status call (getSessionInfo) uses this: the SDK's own integration tests against the real service
 * expect getSession of a deleted session to fail (typescript/tests/integration/
 * session-lifecycle.test.ts, "get deleted session returns success false and session null"), and its
 * docs say only non-released sessions answer Session.info. getSessionInfo keeps answering
 * DELETING/FINISH, which the SDK's delete loop and its test helpers read as "released".
 */
export function liveSession(store: Store, acct: AccountRecord, sessionId: string): SessionRecord {
  const found = findSession(store, acct, sessionId);
  if (found.status !== "RUNNING" && found.status !== "PENDING") throw sessionNotFound(sessionId);
  return found.session;
}

/** A session that must be RUNNING (SetLabel, refresh, SyncContext): anything else is not found. */
export function runningSession(store: Store, acct: AccountRecord, sessionId: string): SessionRecord {
  const found = findSession(store, acct, sessionId);
  if (found.status !== "RUNNING") throw sessionNotFound(sessionId);
  return found.session;
}

/** True when an autoUpload entry has no upload task that finished Success (data would be lost). */
function hasUnsyncedData(store: Store, acct: AccountRecord, session: SessionRecord): boolean {
  const now = store.now();
  return session.persistenceDataList.some(
    (entry) =>
      entry.policy.uploadPolicy.autoUpload &&
      !acct.tasks.some(
        (t) =>
          t.sessionId === session.sessionId &&
          t.taskType === "upload" &&
          t.contextId === entry.contextId &&
          t.path === entry.path &&
          taskStatus(t, now) === "Success",
      ),
  );
}

/** releaseSessionAsync (DELETING for `releaseMs`) or the legacy synchronous releaseSession (FINISH at once). */
export function releaseSession(store: Store, acct: AccountRecord, sessionId: string, sync: boolean): void {
  const { session, status } = findSession(store, acct, sessionId);
  if (status !== "RUNNING" && status !== "PENDING") throw sessionNotFound(sessionId);
  // A session that never ran (PENDING) holds no data yet: releasing it loses nothing.
  if (status === "RUNNING" && hasUnsyncedData(store, acct, session)) store.state.counters.releasesWithUnsyncedData++;
  session.releasedAt = store.now();
  session.releaseMs = sync ? 0 : store.timing.releaseMs;
  store.state.counters.sessionsReleased++;
}

export function refreshIdleTime(store: Store, acct: AccountRecord, sessionId: string): void {
  runningSession(store, acct, sessionId).lastActivityAt = store.now();
}

export function setLabels(store: Store, acct: AccountRecord, sessionId: string, labels: Record<string, string>): void {
  const session = runningSession(store, acct, sessionId);
  session.labels = labels;
  session.lastActivityAt = store.now();
}

export interface SessionListing {
  sessionId: string;
  status: SessionStatus;
}

/**
 * RUNNING and PENDING sessions matching the label subset (`includeReleased`: DELETING/FINISH too),
 * minus those hidden by `listLagMs` / `listHidesPending`.
 */
export function listSessions(
  store: Store,
  acct: AccountRecord,
  filter: Record<string, string>,
  maxResults: number,
  nextToken: string | undefined,
  includeReleased: boolean,
): Page<SessionListing & { seq: number }> {
  store.sweep(acct);
  const now = store.now();
  const matches: Array<SessionListing & { seq: number }> = [];
  for (const id in acct.sessions) {
    const s = acct.sessions[id];
    const status = sessionStatus(s, now, store.timing);
    // Emulated listing delays of the real service: a lag after create, and PENDING left out.
    if (now - s.createdAt < store.timing.listLagMs) continue;
    if (status === "PENDING" && store.timing.listHidesPending) continue;
    const live = status === "RUNNING" || status === "PENDING";
    if ((live || (includeReleased && status !== "GONE")) && labelsMatch(s.labels, filter)) {
      matches.push({ sessionId: s.sessionId, status, seq: s.seq });
    }
  }
  matches.sort((a, b) => a.seq - b.seq);
  return paginate(matches, maxResults, nextToken);
}
