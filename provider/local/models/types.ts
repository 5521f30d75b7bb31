/**
 * Plain records that make up agb-local's state. They are JSON-serializable as they are
 * (file bytes as base64), so a snapshot is `JSON.stringify` of the accounts.
 */
import type { SyncPolicy } from "./policy";

/** One `persistenceDataList` entry as accepted at createSession (policy parsed, defaults filled). */
export interface SyncEntry {
  contextId: string;
  path: string;
  policy: SyncPolicy;
}

export interface SessionRecord {
  sessionId: string;
  /** Creation order within the process-wide sequence; the pagination key. */
  seq: number;
  imageId: string;
  labels: Record<string, string>;
  persistenceDataList: SyncEntry[];
  mcpPolicyId?: string;
  idleTimeoutSec: number;
  createdAt: number;
  /** PENDING until this time (-1 = forever, 0 = never PENDING). */
  pendingUntil: number;
  lastActivityAt: number;
  /** Set by releaseSessionAsync/releaseSession; idle expiry is derived, not stored. */
  releasedAt?: number;
  /** DELETING duration fixed at release time. */
  releaseMs?: number;
  appInstanceId: string;
  resourceId: string;
}

export type TaskType = "upload" | "download";
export type TaskOutcome = "Success" | "Failed" | "Never";

export interface TaskRecord {
  sessionId: string;
  contextId: string;
  path: string;
  taskType: TaskType;
  createdAt: number;
  durationMs: number;
  outcome: TaskOutcome;
}

export interface FileRecord {
  fileId: string;
  filePath: string;
  size: number;
  createdAt: number;
  modifiedAt: number;
  /** File content, base64. */
  data: string;
}

export interface ContextRecord {
  id: string;
  name: string;
  seq: number;
  createdAt: number;
  lastUsedAt: number;
  /** `clearing` until this time. */
  clearingUntil: number;
  files: Record<string, FileRecord>;
}

export interface AccountRecord {
  /** sha256 of the API key (hex); the key itself is never stored. */
  keyHash: string;
  sessions: Record<string, SessionRecord>;
  contexts: Record<string, ContextRecord>;
  tasks: TaskRecord[];
}

export interface Counters {
  requests: Record<string, number>;
  totalRequests: number;
  sessionsCreated: number;
  sessionsReleased: number;
  releasesWithUnsyncedData: number;
  faultsInjected: number;
}

export function emptyCounters(): Counters {
  return {
    requests: Object.create(null) as Record<string, number>,
    totalRequests: 0,
    sessionsCreated: 0,
    sessionsReleased: 0,
    releasesWithUnsyncedData: 0,
    faultsInjected: 0,
  };
}

/** What persistence writes and reads back. */
export interface Snapshot {
  version: 1;
  seq: number;
  clockOffsetMs: number;
  counters: Counters;
  accounts: Record<string, AccountRecord>;
}
