import {
  AgbInvalidParameterError,
  AgbNotFoundError,
  AgbThrottledError,
  AgbTimeoutError,
  AgbTransportError,
  backoffDelayMs,
  decideRetry,
  isIdempotentOperation,
  isRetryableError,
  parseRetryAfterMs,
} from "../../dist/client";
import type { AgbError } from "../../dist/client";

function details(sent: boolean) {
  return { code: "X", httpStatus: 0, requestId: "", operation: "op", requestMayHaveBeenSent: sent };
}
const transportSent = () => new AgbTransportError("5xx", { ...details(true), httpStatus: 503 });
const transportNotSent = () => new AgbTransportError("refused", { ...details(false), code: "ECONNREFUSED" });
const timeoutSent = () => new AgbTimeoutError("slow", details(true));
function throttled(retryAfterMs?: number): AgbThrottledError {
  const e = new AgbThrottledError("429", { ...details(true), httpStatus: 429 });
  e.retryAfterMs = retryAfterMs;
  return e;
}

function decide(error: AgbError, idempotent: boolean, extra: Partial<Parameters<typeof decideRetry>[0]> = {}) {
  return decideRetry({
    attempt: 1,
    error,
    operationIsIdempotent: idempotent,
    elapsedMs: 0,
    deadlineMs: 60_000,
    maxAttempts: 8,
    random: () => 0.5,
    ...extra,
  });
}

describe("which failures are retried", () => {
  test("throttling is retried for any operation, idempotent or not", () => {
    expect(isRetryableError(throttled(), false)).toBe(true);
    expect(isRetryableError(throttled(), true)).toBe(true);
  });
  test("failures before the request was sent are retried for any operation", () => {
    expect(isRetryableError(transportNotSent(), false)).toBe(true);
    expect(isRetryableError(new AgbTimeoutError("connect", details(false)), false)).toBe(true);
  });
  test("5xx, timeouts and resets after sending are retried only for idempotent operations", () => {
    expect(isRetryableError(transportSent(), true)).toBe(true);
    expect(isRetryableError(transportSent(), false)).toBe(false);
    expect(isRetryableError(timeoutSent(), true)).toBe(true);
    expect(isRetryableError(timeoutSent(), false)).toBe(false);
  });
  test("definitive answers are never retried", () => {
    expect(isRetryableError(new AgbNotFoundError("nf", details(true)), true)).toBe(false);
    expect(isRetryableError(new AgbInvalidParameterError("bad", details(true)), true)).toBe(false);
    expect(isRetryableError(new Error("plain"), true)).toBe(false);
  });
  test("operation table: reads and label set are idempotent; create, delete, release are not", () => {
    for (const op of [
      "getSession",
      "getSessionInfo",
      "listSessions",
      "setLabels",
      "getLabels",
      "getContext",
      "listContexts",
      "getContextInfo",
      "describeContextFiles",
    ]) {
      expect(isIdempotentOperation(op)).toBe(true);
    }
    for (const op of ["createSession", "releaseSessionAsync", "deleteContext", "deleteContextFile"]) {
      expect(isIdempotentOperation(op)).toBe(false);
    }
  });
  test("createSession after a 5xx (request reached the server) is not replayed", () => {
    expect(decide(transportSent(), isIdempotentOperation("createSession"))).toEqual({ retry: false, reason: "not-retryable" });
  });
});

describe("backoff", () => {
  test("full jitter: delay = random * min(cap, base * 2^(attempt-1))", () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, { random: top })).toBe(99);
    expect(backoffDelayMs(2, { random: top })).toBe(199);
    expect(backoffDelayMs(4, { random: top })).toBe(799);
    expect(backoffDelayMs(10, { random: top })).toBe(4999); // capped at 5000
    expect(backoffDelayMs(30, { random: top, capMs: 2000 })).toBe(1999);
    expect(backoffDelayMs(3, { random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { random: () => 0.5, baseMs: 10 })).toBe(20);
  });
  test("the successive ceilings of a retry schedule grow exponentially up to the cap", () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelayMs(a, { random: () => 0.999999 }) + 1);
    expect(ceilings).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  test("delta seconds", () => {
    expect(parseRetryAfterMs("3", now)).toBe(3000);
    expect(parseRetryAfterMs("0.5", now)).toBe(500);
  });
  test("HTTP date", () => {
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfterMs("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
  });
  test("absent or garbage", () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs("", now)).toBeUndefined();
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
  });
  test("the delay is at least Retry-After, even when the jitter is smaller", () => {
    expect(decide(throttled(2500), false)).toEqual({ retry: true, delayMs: 2500 });
    expect(decide(throttled(10), false, { attempt: 5, random: () => 0.5 })).toEqual({ retry: true, delayMs: 800 });
  });
});

describe("bounds", () => {
  test("stops after maxAttempts", () => {
    expect(decide(transportSent(), true, { attempt: 7 })).toEqual({ retry: true, delayMs: 2500 });
    expect(decide(transportSent(), true, { attempt: 8 })).toEqual({ retry: false, reason: "attempts-exhausted" });
  });
  test("stops when the wait would pass the deadline", () => {
    expect(decide(throttled(5000), false, { elapsedMs: 56_000 })).toEqual({ retry: false, reason: "deadline" });
    expect(decide(throttled(5000), false, { elapsedMs: 54_000 })).toEqual({ retry: true, delayMs: 5000 });
    expect(decide(transportSent(), true, { elapsedMs: 60_000 })).toEqual({ retry: false, reason: "deadline" });
  });
});
