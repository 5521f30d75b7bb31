/** Argument checks every operation makes before sending anything: a failure names the field. */
import { AgbInvalidParameterError } from "./errors";

/** A local validation failure: nothing was sent. */
export function localInvalid(operation: string, field: string, reason: string): AgbInvalidParameterError {
  return new AgbInvalidParameterError(`AGB ${operation}: ${field} ${reason}`, {
    code: "InvalidParameter",
    httpStatus: 0,
    requestId: "",
    operation,
    requestMayHaveBeenSent: false,
  });
}

/** Rejects blank identifiers before anything is sent. */
export function requireText(operation: string, field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw localInvalid(operation, field, "is required (a non-blank string)");
  }
  return value;
}
