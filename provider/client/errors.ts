/**
 * Typed AGB errors. Every error carries the AGB code, HTTP status, requestId and operation name.
 * None of them ever holds the API key: requests and responses are not attached, only the facts
 * needed to act on the failure, and the constructor cleans every text field (the one place where
 * that happens, whoever builds the error).
 */
import { MAX_ERROR_MESSAGE_CHARS, MAX_SERVER_FIELD_CHARS, cleanServerText } from "./server-text";

/** Facts shared by every AGB error. */
export interface AgbErrorDetails {
  /** AGB error code (`InvalidMcpSession.NotFound`, `AccessDenied`, ...), or a local code such as `ETIMEDOUT`. */
  code: string;
  /** HTTP status of the response; 0 when no response arrived. */
  httpStatus: number;
  /** requestId reported by the server (body `requestId` or `x-request-id`); "" when none. */
  requestId: string;
  /** Client operation name, e.g. `createSession`. */
  operation: string;
  /** True when the request may have reached the server (so a non-idempotent call may have taken effect). */
  requestMayHaveBeenSent?: boolean;
  /** Underlying cause (kept non-enumerable). */
  cause?: unknown;
  /** The API key, redacted out of message, code and requestId; never stored. Default: none. */
  secret?: string;
}

/** Base class of every error the AGB client throws. */
export class AgbError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly requestId: string;
  readonly operation: string;
  readonly requestMayHaveBeenSent: boolean;

  constructor(message: string, details: AgbErrorDetails) {
    // Every text field may hold server text: no control characters, no key, bounded length.
    super(cleanServerText(message, details.secret, MAX_ERROR_MESSAGE_CHARS));
    this.name = new.target.name;
    this.code = cleanServerText(details.code, details.secret);
    this.httpStatus = details.httpStatus;
    this.requestId = cleanServerText(details.requestId, details.secret);
    this.operation = details.operation;
    this.requestMayHaveBeenSent = details.requestMayHaveBeenSent ?? true;
    // Non-enumerable so that logging the error never dumps sockets, requests or headers.
    Object.defineProperty(this, "cause", { value: details.cause, enumerable: false, writable: true });
  }
}

/** The resource (session, context, file) does not exist or is already released. */
export class AgbNotFoundError extends AgbError {}
/** Missing, empty or wrong API key, or no permission (`AccessDenied`). */
export class AgbAccessDeniedError extends AgbError {}
/** The server refused a parameter (invalid value, missing required parameter, bad JSON). */
export class AgbInvalidParameterError extends AgbError {}
/** Throttled (HTTP 429 or a throttling code). `retryAfterMs` is the server's hint, if any. */
export class AgbThrottledError extends AgbError {
  retryAfterMs?: number;
}
/** A request or a wait exceeded its deadline. */
export class AgbTimeoutError extends AgbError {}
/** No usable response: connection refused or reset, DNS failure, unparsable body, 5xx. */
export class AgbTransportError extends AgbError {}
