/** Context operations and context-sync tasks (no HTTP here). */
import { keyed, own } from "./keyed";
import { contextNotFound, invalid } from "./errors";
import { newContextId } from "./ids";
import { paginate } from "./paging";
import type { Page } from "./paging";
import { liveSession, runningSession, startSyncTasks } from "./sessions";
import type { Store } from "./store";
import type { AccountRecord, ContextRecord, TaskRecord, TaskType } from "./types";

export type ContextState = "available" | "clearing";

export function contextState(store: Store, ctx: ContextRecord): ContextState {
  return store.now() < ctx.clearingUntil ? "clearing" : "available";
}

export function findContext(acct: AccountRecord, id: string): ContextRecord {
  const ctx = own(acct.contexts, id);
  if (!ctx) throw contextNotFound(id);
  return ctx;
}

function byName(acct: AccountRecord, name: string): ContextRecord | undefined {
  for (const id in acct.contexts) {
    if (acct.contexts[id].name === name) return acct.contexts[id];
  }
  return undefined;
}

export interface GetContextInput {
  id?: string;
  name?: string;
  allowCreate: boolean;
}

/** GetContext: by id, or by name with optional get-or-create. Returns whether it created one. */
export function getContext(store: Store, acct: AccountRecord, input: GetContextInput): { ctx: ContextRecord; created: boolean } {
  if (input.id) {
    if (input.allowCreate) throw invalid("allowCreate", "only a name (not an id) can be used to create a context");
    const ctx = findContext(acct, input.id);
    if (input.name && ctx.name !== input.name) throw contextNotFound(input.id);
    return { ctx, created: false };
  }
  if (!input.name) throw invalid("id", "id or name is required");
  const existing = byName(acct, input.name);
  if (existing) return { ctx: existing, created: false };
  if (!input.allowCreate) throw contextNotFound(input.name);
  const now = store.now();
  const ctx: ContextRecord = {
    id: newContextId(),
    name: input.name,
    seq: store.nextSeq(),
    createdAt: now,
    lastUsedAt: now,
    clearingUntil: 0,
    files: keyed(),
  };
  acct.contexts[ctx.id] = ctx;
  return { ctx, created: true };
}

export function listContexts(acct: AccountRecord, maxResults: number, nextToken: string | undefined): Page<ContextRecord> {
  const all = Object.values(acct.contexts).sort((a, b) => a.seq - b.seq);
  return paginate(all, maxResults, nextToken);
}

export function modifyContext(store: Store, acct: AccountRecord, id: string, name: string): void {
  const ctx = findContext(acct, id);
  const clash = byName(acct, name);
  if (clash && clash.id !== id) throw invalid("name", `a context named ${JSON.stringify(name)} already exists`);
  ctx.name = name;
  ctx.lastUsedAt = store.now();
}

/** Allowed even while a live session mounts it or it holds files (docs/agb-local.md). */
export function deleteContext(acct: AccountRecord, id: string): void {
  findContext(acct, id);
  delete acct.contexts[id];
}

/** Removes the files at once; the state reads `clearing` for `clearMs`. */
export function clearContext(store: Store, acct: AccountRecord, id: string): void {
  const ctx = findContext(acct, id);
  ctx.files = keyed();
  ctx.clearingUntil = store.now() + store.timing.clearMs;
}

export interface SyncInput {
  sessionId: string;
  contextId?: string;
  path?: string;
  mode: TaskType;
}

/** SyncContext: one task per matching sync entry of a RUNNING session. Returns the new tasks. */
export function syncContext(store: Store, acct: AccountRecord, input: SyncInput): TaskRecord[] {
  const session = runningSession(store, acct, input.sessionId);
  const entries = session.persistenceDataList.filter(
    (e) => (input.contextId === undefined || e.contextId === input.contextId) && (input.path === undefined || e.path === input.path),
  );
  if (entries.length === 0 && input.contextId !== undefined) {
    throw invalid("contextId", `session ${session.sessionId} has no sync entry for context ${input.contextId} at ${input.path}`);
  }
  const now = store.now();
  session.lastActivityAt = now;
  return startSyncTasks(store, acct, session.sessionId, entries, input.mode, now);
}

export interface TaskFilter {
  sessionId: string;
  contextId?: string;
  path?: string;
  taskType?: TaskType;
}

/** GetContextInfo: the tasks of a live session (a released one is not found, as every per-session call), filtered. */
export function contextTasks(store: Store, acct: AccountRecord, filter: TaskFilter): TaskRecord[] {
  liveSession(store, acct, filter.sessionId);
  return acct.tasks.filter(
    (t) =>
      t.sessionId === filter.sessionId &&
      (filter.contextId === undefined || t.contextId === filter.contextId) &&
      (filter.path === undefined || t.path === filter.path) &&
      (filter.taskType === undefined || t.taskType === filter.taskType),
  );
}
