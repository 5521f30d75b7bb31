/**
 * Domain types of the AGB API client. Wire quirks (JSON-string fields, query vs. body placement,
 * capital-L `Labels`) are handled inside the client; callers only see these shapes.
 */

/** Options of {@link AgbClient}. */
export interface AgbClientOptions {
  /** API key sent as `authorization: Bearer <key>`. Default: `AGB_API_KEY` from the environment. */
  apiKey?: string;
  /** Base URL or host (`https://` is prepended when no scheme is given). Default: `AGB_ENDPOINT`, else `https://sdk-api.agb.cloud`. */
  endpoint?: string;
  /** Per-request timeout in milliseconds. Default: `AGB_TIMEOUT_MS`, else 60000. */
  requestTimeoutMs?: number;
  /** Overall deadline for one operation including all its retries, in milliseconds. Default: 120000. */
  retryDeadlineMs?: number;
  /** Maximum attempts of one operation (first try included). Default: 10. */
  maxAttempts?: number;
  /** Debug log sink; lines never contain the API key. Default: none. */
  logger?: (line: string) => void;
}

/** Upload mode of a sync policy, as on the wire. */
export type UploadModeWire = "File" | "Archive";
/** Recycle lifecycle of a sync policy, as on the wire. */
export type LifecycleWire =
  | "Lifecycle_1Day"
  | "Lifecycle_3Days"
  | "Lifecycle_5Days"
  | "Lifecycle_10Days"
  | "Lifecycle_15Days"
  | "Lifecycle_30Days"
  | "Lifecycle_90Days"
  | "Lifecycle_180Days"
  | "Lifecycle_360Days"
  | "Lifecycle_Forever";

/** A sync policy exactly as it travels (JSON-stringified) in `persistenceDataList[].policy`. */
export interface SyncPolicyWire {
  uploadPolicy?: { autoUpload: boolean; uploadStrategy: "UploadBeforeResourceRelease"; uploadMode: UploadModeWire };
  downloadPolicy?: { autoDownload: boolean; downloadStrategy: "DownloadAsync" };
  deletePolicy?: { syncLocalFile: boolean };
  extractPolicy?: { extract: boolean; deleteSrcFile: boolean; extractToCurrentFolder: boolean };
  recyclePolicy?: { lifecycle: LifecycleWire; paths: string[] };
  bwList?: { whiteLists: Array<{ path: string; excludePaths: string[] }> };
  mappingPolicy?: { path: string };
}

/** One entry of createSession's `persistenceDataList`; the client stringifies `policy`. */
export interface PersistenceData {
  contextId: string;
  path: string;
  policy: SyncPolicyWire;
}

/** Arguments of createSession. */
export interface CreateSessionRequest {
  imageId: string;
  labels?: Record<string, string>;
  persistenceDataList?: PersistenceData[];
  /** Sent as the body field `mcpPolicyId`. */
  policyId?: string;
  /** Idle-release timeout in seconds (body field `timeout`). */
  timeout?: number;
}

/** Where and how a session is reached, as createSession and getSession report it (the cloud may omit any). */
export interface SessionAccess {
  resourceUrl?: string;
  appInstanceId?: string;
  resourceId?: string;
  linkUrl?: string;
  wsUrl?: string;
  token?: string;
}

/** What createSession returns. */
export interface CreatedSession extends SessionAccess {
  sessionId: string;
  requestId: string;
}

/** getSession's view of a session. */
export interface SessionDetails extends SessionAccess {
  sessionId: string;
  status?: string;
}

/** getSessionInfo's view: the status only. */
export interface SessionStatusInfo {
  sessionId: string;
  status: string;
}

/** One ListSession item. */
export interface SessionListItem {
  sessionId: string;
  sessionStatus: string;
}

/** A persistent storage context. */
export interface ContextInfo {
  id: string;
  name: string;
  /** `available`, `clearing` or `pre-available` (GetContext only). */
  state?: string;
  createTime?: string;
  lastUsedTime?: string;
}

/** A context-sync task reported by GetContextInfo (after decoding the double-encoded payload). */
export interface SyncTask {
  contextId: string;
  path: string;
  /** `Success` and `Failed` are terminal; anything else is in progress. */
  status: string;
  taskType: string;
  startTime?: number;
  finishTime?: number;
  errorMessage?: string;
}

/** One DescribeContextFiles entry. */
export interface ContextFile {
  fileId?: string;
  fileName: string;
  filePath: string;
  fileType?: string;
  gmtCreate?: string;
  gmtModified?: string;
  size?: number;
  status?: string;
}

/** A pre-signed URL for a context file. */
export interface FileUrl {
  url: string;
  expireTime?: number;
}

/** Every AGB operation the provider uses; implemented by {@link AgbClient}. */
export interface AgbApi {
  /** The normalized base URL this client talks to (no trailing slash). */
  readonly endpoint: string;
  createSession(req: CreateSessionRequest): Promise<CreatedSession>;
  getSession(sessionId: string): Promise<SessionDetails>;
  getSessionInfo(sessionId: string): Promise<SessionStatusInfo>;
  releaseSessionAsync(sessionId: string): Promise<void>;
  refreshSessionIdleTime(sessionId: string): Promise<void>;
  /** All pages, following `nextToken`; `labels` is a subset filter. */
  listSessions(opts?: { labels?: Record<string, string>; pageSize?: number }): AsyncIterable<SessionListItem>;
  /** SetLabel (`Labels` query parameter, capital L). */
  setLabels(sessionId: string, labels: Record<string, string>): Promise<void>;
  getLabels(sessionId: string): Promise<Record<string, string>>;
  /** By id, or by name (with `allowCreate` for get-or-create). */
  getContext(query: { id?: string; name?: string; allowCreate?: boolean }): Promise<ContextInfo>;
  listContexts(opts?: { pageSize?: number }): AsyncIterable<ContextInfo>;
  modifyContext(id: string, name: string): Promise<void>;
  deleteContext(id: string): Promise<void>;
  clearContext(id: string): Promise<void>;
  syncContext(query: { sessionId: string; contextId?: string; path?: string; mode?: "upload" | "download" }): Promise<void>;
  getContextInfo(query: { sessionId: string; contextId?: string; path?: string; taskType?: "upload" | "download" }): Promise<SyncTask[]>;
  describeContextFiles(query: {
    contextId: string;
    parentFolderPath?: string;
    pageNumber?: number;
    pageSize?: number;
  }): Promise<{ files: ContextFile[]; count: number }>;
  getContextFileUploadUrl(contextId: string, filePath: string): Promise<FileUrl>;
  getContextFileDownloadUrl(contextId: string, filePath: string): Promise<FileUrl>;
  deleteContextFile(contextId: string, filePath: string): Promise<void>;
}
