/** Public surface of the AGB API client (`pulumi-agb/client`). */
export { AgbClient } from "./agb-client";
export * from "./errors";
export type * from "./types";
export {
  DEFAULT_ENDPOINT,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_DEADLINE_MS,
  normalizeEndpoint,
  resolveClientOptions,
} from "./endpoint";
export type { ResolvedClientOptions } from "./endpoint";
export * from "./retry-policy";
export { classifyFailure, errorFromAnswer, errorFromTransport, redact } from "./error-mapping";
export { MAX_RESPONSE_BYTES } from "./transport";
export { cleanServerText, MAX_ERROR_MESSAGE_CHARS, MAX_SERVER_FIELD_CHARS, MAX_SERVER_MESSAGE_CHARS } from "./server-text";
export {
  DEFAULT_MAX_CONCURRENCY,
  getConcurrencyStats,
  PROGRAM_SHARE,
  resetConcurrencyStats,
  Semaphore,
  useProgramShare,
} from "./concurrency";
export type { ConcurrencyStats } from "./concurrency";
export { DEFAULT_FACTOR, DEFAULT_FAST_PHASE_MS, DEFAULT_INITIAL_DELAY_MS, DEFAULT_MAX_DELAY_MS, pollUntil } from "./poll-until";
export type { PollSpec, WaitOptions } from "./poll-until";
export { TERMINAL_TASK_STATUSES, waitForContextAvailable, waitForSessionGone, waitForSessionStatus, waitForSyncTasks } from "./wait-for";
export { DEFAULT_SESSION_PAGE_SIZE } from "./session-operations";
export { DEFAULT_CONTEXT_PAGE_SIZE } from "./context-operations";
