/** The AGB response envelope, and the one place that maps model errors to codes and statuses. */
import { LocalError } from "../models/errors";
import type { LocalErrorKind } from "../models/errors";

export interface Envelope {
  success: boolean;
  code: string;
  message: string;
  requestId: string;
  httpStatusCode: number;
  data: unknown;
  [extra: string]: unknown;
}

const ERROR_MAP: Record<LocalErrorKind, { status: number; code: string }> = {
  SessionNotFound: { status: 400, code: "InvalidMcpSession.NotFound" },
  ContextNotFound: { status: 400, code: "InvalidContext.NotFound" },
  FileNotFound: { status: 400, code: "InvalidFile.NotFound" },
  InvalidParameter: { status: 400, code: "InvalidParameter" },
  AccessDenied: { status: 403, code: "AccessDenied" },
  InvalidImage: { status: 400, code: "InvalidImageId" },
};

export function successEnvelope(requestId: string, data: unknown, extra?: Record<string, unknown>): Envelope {
  return { success: true, code: "ok", message: "", requestId, httpStatusCode: 200, data, ...extra };
}

export function errorEnvelope(requestId: string, status: number, code: string, message: string): Envelope {
  return { success: false, code, message, requestId, httpStatusCode: status, data: null };
}

/** Maps any thrown value to an error envelope; unexpected errors become InternalError. */
export function envelopeFor(requestId: string, err: unknown): Envelope {
  if (err instanceof LocalError) {
    const { status, code } = ERROR_MAP[err.kind];
    return errorEnvelope(requestId, status, code, err.message);
  }
  return errorEnvelope(requestId, 500, "InternalError", "internal error in agb-local");
}

/** Wire form of a time: ISO 8601 in UTC, whole seconds (as AGB shows createTime / gmtCreate). */
export function wireTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
