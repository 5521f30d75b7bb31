/**
 * Retry policy as pure functions (no timers, no I/O), so it is unit-tested without a network.
 *
 * What is retried:
 * - throttling (429 / `Throttling*`): an explicit refusal, the operation did not take effect, so
 *   it is retried for every operation (createSession included);
 * - failures that happened before the request was written (connection refused, DNS): any operation;
 * - 5xx, timeouts, resets and unparsable answers after the request may have been sent: only for
 *   idempotent operations (see `IDEMPOTENT_OPERATIONS`). createSession is never replayed once it
 *   may have reached the server; the provider recovers it through an idempotency label.
 * Delays: exponential backoff with full jitter, at least the server's `Retry-After`, and never past
 * the operation deadline.
 */
import { AgbError, AgbThrottledError, AgbTimeoutError, AgbTransportError } from "./errors";

/**
 * Operations whose replay leaves the same end state. DeleteContext, releaseSessionAsync and
 * DeleteContextFile are left out on purpose: a replay of a delete that did land is answered
 * NotFound, which would turn a success into an error; callers treat NotFound as "already gone".
 * SyncContext and ClearContext are in: a second sync/clear of the same data is harmless.
 */
export const IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set([
  "getSession",
  "getSessionInfo",
  "refreshSessionIdleTime",
  "listSessions",
  "setLabels",
  "getLabels",
  "getContext",
  "listContexts",
  "modifyContext",
  "clearContext",
  "syncContext",
  "getContextInfo",
  "describeContextFiles",
  "getContextFileUploadUrl",
  "getContextFileDownloadUrl",
]);

/** True when replaying `operation` after it may have reached the server is safe. */
export function isIdempotentOperation(operation: string): boolean {
  return IDEMPOTENT_OPERATIONS.has(operation);
}

/** Backoff parameters. */
export interface BackoffOptions {
  /** First backoff ceiling in ms. Default: 100. */
  baseMs?: number;
  /** Largest backoff ceiling in ms. Default: 5000. */
  capMs?: number;
  /** Random source in [0, 1). Default: `Math.random`. */
  random?: () => number;
}

/** Default first backoff ceiling. */
export const DEFAULT_BACKOFF_BASE_MS = 100;
/** Default largest backoff ceiling. */
export const DEFAULT_BACKOFF_CAP_MS = 5000;

/**
 * Full-jitter backoff before retry number `attempt` (1 = the wait after the first failure):
 * uniform in [0, min(cap, base * 2^(attempt-1))].
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const cap = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a `Retry-After` header: delta seconds or an HTTP date. Returns ms from `nowMs`, or
 * undefined when absent or unparsable.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Whether an error class can be retried at all, given whether the operation is idempotent. */
export function isRetryableError(error: unknown, operationIsIdempotent: boolean): boolean {
  if (!(error instanceof AgbError)) return false;
  if (error instanceof AgbThrottledError) return true;
  if (error instanceof AgbTransportError || error instanceof AgbTimeoutError) {
    return !error.requestMayHaveBeenSent || operationIsIdempotent;
  }
  return false;
}

/** Input of {@link decideRetry}. */
export interface RetryDecisionInput extends BackoffOptions {
  /** Number of attempts already made (1 after the first failure). */
  attempt: number;
  error: unknown;
  operationIsIdempotent: boolean;
  /** Time spent on the operation so far, in ms. */
  elapsedMs: number;
  /** Overall deadline of the operation, in ms from its start. */
  deadlineMs: number;
  /** Maximum number of attempts (first try included). */
  maxAttempts: number;
}

/** Outcome of {@link decideRetry}. */
export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; reason: "not-retryable" | "attempts-exhausted" | "deadline" };

/** Decides whether to retry after a failed attempt, and after how long. */
export function decideRetry(input: RetryDecisionInput): RetryDecision {
  if (!isRetryableError(input.error, input.operationIsIdempotent)) {
    return { retry: false, reason: "not-retryable" };
  }
  if (input.attempt >= input.maxAttempts) {
    return { retry: false, reason: "attempts-exhausted" };
  }
  let delayMs = backoffDelayMs(input.attempt, input);
  const retryAfterMs = input.error instanceof AgbThrottledError ? input.error.retryAfterMs : undefined;
  if (retryAfterMs !== undefined) {
    delayMs = Math.max(delayMs, retryAfterMs);
  }
  // Leave room for at least a minimal attempt after the wait; otherwise stop now with the real error.
  if (input.elapsedMs + delayMs >= input.deadlineMs) {
    return { retry: false, reason: "deadline" };
  }
  return { retry: true, delayMs };
}
