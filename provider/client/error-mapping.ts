/**
 * Turns failed AGB answers and transport failures into the typed errors of errors.ts.
 * Nothing from got (request, response, options, headers) is kept: only codes, statuses and
 * redacted text, so an error can be logged or serialized without leaking the API key.
 */
import {
  AgbAccessDeniedError,
  AgbError,
  AgbInvalidParameterError,
  AgbNotFoundError,
  AgbThrottledError,
  AgbTimeoutError,
  AgbTransportError,
} from "./errors";
import type { AgbErrorDetails } from "./errors";
import { isObjectMissingCode, sdkReleasePollSaysGone } from "./not-found-codes";
import { parseRetryAfterMs } from "./retry-policy";
import { MAX_SERVER_MESSAGE_CHARS, cleanServerText } from "./server-text";

export { redact } from "./server-text";

/** Facts of a failed AGB answer (a response did arrive). */
export interface FailedAnswer {
  operation: string;
  /** Real HTTP status of the response. */
  httpStatus: number;
  /** `httpStatusCode` from the JSON envelope, when present. */
  bodyStatus?: number;
  code?: string;
  message?: string;
  requestId: string;
  /** Raw `Retry-After` header. */
  retryAfter?: string;
  /** The API key, so that echoed text can be scrubbed. */
  secret?: string;
}

type ErrorClass = new (message: string, details: AgbErrorDetails) => AgbError;

/** Codes of an access failure: wrong, missing or unknown key, or no permission. */
const ACCESS_CODE = /^(accessdenied|forbidden|invalidapikey)|unauthori[sz]ed/i;

/** True when the answer is an access failure: HTTP 401/403 or an access code, whatever the message says. */
export function isAccessFailure(httpStatus: number, code: string): boolean {
  return httpStatus === 401 || httpStatus === 403 || ACCESS_CODE.test(code);
}

/**
 * Picks the error class for an AGB failure. Order matters: status and code first, so a 403
 * `InvalidApiKey.NotFound` ("The specified API key is not found") is an access error and never
 * "not found" (which would make refresh drop resources and destroy report success while the
 * session keeps running). Not-found is decided by the operation's own codes (not-found-codes.ts).
 */
export function classifyFailure(httpStatus: number, code: string, message: string, operation?: string): ErrorClass {
  if (httpStatus === 429 || /throttl/i.test(code)) return AgbThrottledError;
  if (isAccessFailure(httpStatus, code)) return AgbAccessDeniedError;
  // An unknown action (wrong endpoint or API version) is not a missing resource: reporting it as
  // not found would make a provider believe its resources are gone.
  if (/^InvalidAction/i.test(code)) return AgbError;
  if (isObjectMissingCode(operation, code)) return AgbNotFoundError;
  if (operation === "getSessionInfo" && sdkReleasePollSaysGone(httpStatus, code, message)) return AgbNotFoundError;
  if (httpStatus >= 500) return AgbTransportError;
  if (httpStatus === 400 || /invalidparameter|missingparameter|^invalid/i.test(code)) return AgbInvalidParameterError;
  return AgbError;
}

/** What an access failure tells the user to do (the key itself is never shown). */
const ACCESS_ADVICE = "check agb:apiKey (or AGB_API_KEY): the API key was refused";

/** Builds the typed error of a failed answer. */
export function errorFromAnswer(answer: FailedAnswer, nowMs: number = Date.now()): AgbError {
  // The real cloud may answer HTTP 200 with the logical status in the body; classify on the worse.
  const effective = answer.httpStatus >= 400 ? answer.httpStatus : (answer.bodyStatus ?? answer.httpStatus);
  const { secret } = answer;
  const code = cleanServerText(answer.code ?? "", secret) || (effective >= 400 ? `HTTP${effective}` : "Unknown");
  const text = cleanServerText(answer.message ?? "", secret, MAX_SERVER_MESSAGE_CHARS) || `HTTP ${answer.httpStatus} error`;
  const Class = classifyFailure(effective, code, text, answer.operation);
  const requestId = cleanServerText(answer.requestId, secret);
  const advice = Class === AgbAccessDeniedError ? `; ${ACCESS_ADVICE}` : "";
  const error = new Class(
    `AGB ${answer.operation} failed: [${code}] ${text} (HTTP ${answer.httpStatus}, requestId ${requestId || "none"})${advice}`,
    { code, httpStatus: answer.httpStatus, requestId, operation: answer.operation, requestMayHaveBeenSent: true, secret },
  );
  if (error instanceof AgbThrottledError) {
    error.retryAfterMs = parseRetryAfterMs(answer.retryAfter, nowMs);
  }
  return error;
}

/** Error codes meaning the connection was never made, so no byte of the request left. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENETDOWN",
]);

/** Shape of the got error fields we read (the error object itself is never kept). */
interface TransportFailure {
  name?: string;
  code?: string;
  message?: string;
  event?: string;
  timings?: { connect?: number; upload?: number };
}

/** Builds the typed error of a request that got no usable response (got threw). */
export function errorFromTransport(operation: string, failure: unknown, secret: string | undefined, timeoutMs: number): AgbError {
  const f = (failure ?? {}) as TransportFailure;
  const code = typeof f.code === "string" && f.code !== "" ? f.code : "ERR_TRANSPORT";
  // No connection yet (refused, DNS, or a timeout while still connecting): nothing reached the server.
  const connected = f.timings?.connect !== undefined;
  const requestMayHaveBeenSent = !NOT_SENT_CODES.has(code) && (connected || f.timings === undefined);
  const detail = cleanServerText(`${f.name ?? "Error"} ${code}: ${f.message ?? String(failure)}`, secret, MAX_SERVER_MESSAGE_CHARS);
  const cause = new Error(detail);
  const base = { code, httpStatus: 0, requestId: "", operation, requestMayHaveBeenSent, cause, secret };
  if (f.name === "TimeoutError" || code === "ETIMEDOUT") {
    return new AgbTimeoutError(
      `AGB ${operation} timed out after ${timeoutMs} ms without a response` +
        (requestMayHaveBeenSent ? " (the request may have reached the server)" : " (not connected)"),
      base,
    );
  }
  return new AgbTransportError(
    `AGB ${operation} failed: no usable response (${detail})` +
      (requestMayHaveBeenSent ? "; the request may have reached the server" : "; the request was not sent"),
    base,
  );
}

/** A response arrived but its body is not the JSON the operation needs. */
export function invalidResponseError(
  operation: string,
  httpStatus: number,
  requestId: string,
  reason: string,
  secret: string | undefined,
): AgbTransportError {
  const id = cleanServerText(requestId, secret);
  return new AgbTransportError(
    `AGB ${operation} returned an unusable response: ${cleanServerText(reason, secret, MAX_SERVER_MESSAGE_CHARS)} (HTTP ${httpStatus}, requestId ${id || "none"})`,
    { code: "InvalidResponse", httpStatus, requestId: id, operation, requestMayHaveBeenSent: true, secret },
  );
}
