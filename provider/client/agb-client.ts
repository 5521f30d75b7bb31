/** The AGB API client: one typed method per operation, sharing transport, retries and limits. */
import { resolveClientOptions } from "./endpoint";
import { RequestRunner } from "./request-loop";
import { Transport } from "./transport";
import * as contexts from "./context-operations";
import * as sessions from "./session-operations";
import type {
  AgbApi,
  AgbClientOptions,
  ContextFile,
  ContextInfo,
  CreatedSession,
  CreateSessionRequest,
  FileUrl,
  SessionDetails,
  SessionListItem,
  SessionStatusInfo,
  SyncTask,
} from "./types";

/**
 * Talks to the AGB cloud (or agb-local) over HTTP. Options fall back to `AGB_API_KEY`,
 * `AGB_ENDPOINT` and `AGB_TIMEOUT_MS`, read here, at construction.
 */
export class AgbClient implements AgbApi {
  readonly endpoint: string;
  // Private (#) so that util.inspect(client) and JSON.stringify(client) never show the transport and its key.
  readonly #runner: RequestRunner;

  constructor(options: AgbClientOptions = {}) {
    const resolved = resolveClientOptions(options);
    this.endpoint = resolved.endpoint;
    // Only the transport holds the key; the runner's settings carry timing and the logger.
    const { requestTimeoutMs, retryDeadlineMs, maxAttempts, logger } = resolved;
    this.#runner = new RequestRunner(new Transport(resolved.endpoint, resolved.apiKey), {
      requestTimeoutMs,
      retryDeadlineMs,
      maxAttempts,
      logger,
    });
  }

  createSession(req: CreateSessionRequest): Promise<CreatedSession> {
    return sessions.createSession(this.#runner, req);
  }
  getSession(sessionId: string): Promise<SessionDetails> {
    return sessions.getSession(this.#runner, sessionId);
  }
  getSessionInfo(sessionId: string): Promise<SessionStatusInfo> {
    return sessions.getSessionInfo(this.#runner, sessionId);
  }
  releaseSessionAsync(sessionId: string): Promise<void> {
    return sessions.releaseSessionAsync(this.#runner, sessionId);
  }
  refreshSessionIdleTime(sessionId: string): Promise<void> {
    return sessions.refreshSessionIdleTime(this.#runner, sessionId);
  }
  listSessions(opts?: { labels?: Record<string, string>; pageSize?: number }): AsyncIterable<SessionListItem> {
    return sessions.listSessions(this.#runner, opts);
  }
  setLabels(sessionId: string, labels: Record<string, string>): Promise<void> {
    return sessions.setLabels(this.#runner, sessionId, labels);
  }
  getLabels(sessionId: string): Promise<Record<string, string>> {
    return sessions.getLabels(this.#runner, sessionId);
  }
  getContext(query: { id?: string; name?: string; allowCreate?: boolean }): Promise<ContextInfo> {
    return contexts.getContext(this.#runner, query);
  }
  listContexts(opts?: { pageSize?: number }): AsyncIterable<ContextInfo> {
    return contexts.listContexts(this.#runner, opts);
  }
  modifyContext(id: string, name: string): Promise<void> {
    return contexts.modifyContext(this.#runner, id, name);
  }
  deleteContext(id: string): Promise<void> {
    return contexts.deleteContext(this.#runner, id);
  }
  clearContext(id: string): Promise<void> {
    return contexts.clearContext(this.#runner, id);
  }
  syncContext(query: { sessionId: string; contextId?: string; path?: string; mode?: "upload" | "download" }): Promise<void> {
    return contexts.syncContext(this.#runner, query);
  }
  getContextInfo(query: { sessionId: string; contextId?: string; path?: string; taskType?: "upload" | "download" }): Promise<SyncTask[]> {
    return contexts.getContextInfo(this.#runner, query);
  }
  describeContextFiles(query: {
    contextId: string;
    parentFolderPath?: string;
    pageNumber?: number;
    pageSize?: number;
  }): Promise<{ files: ContextFile[]; count: number }> {
    return contexts.describeContextFiles(this.#runner, query);
  }
  getContextFileUploadUrl(contextId: string, filePath: string): Promise<FileUrl> {
    return contexts.getContextFileUploadUrl(this.#runner, contextId, filePath);
  }
  getContextFileDownloadUrl(contextId: string, filePath: string): Promise<FileUrl> {
    return contexts.getContextFileDownloadUrl(this.#runner, contextId, filePath);
  }
  deleteContextFile(contextId: string, filePath: string): Promise<void> {
    return contexts.deleteContextFile(this.#runner, contextId, filePath);
  }
}
