/**
 * Model-level failures. The routes layer maps each kind to the AGB envelope in one place
 * (routes/envelope.ts); the model never knows about HTTP.
 */
export type LocalErrorKind = "SessionNotFound" | "ContextNotFound" | "FileNotFound" | "InvalidParameter" | "AccessDenied" | "InvalidImage";

export class LocalError extends Error {
  readonly kind: LocalErrorKind;
  constructor(kind: LocalErrorKind, message: string) {
    super(message);
    this.name = "LocalError";
    this.kind = kind;
  }
}

/** Invalid/missing parameter; the message must name the parameter. */
export function invalid(param: string, reason: string): LocalError {
  return new LocalError("InvalidParameter", `${param}: ${reason}`);
}

/**
 * Parses `raw` as JSON that must be an object (request bodies and the JSON-string parameters:
 * labels, policies, sdkStats). Malformed JSON and a non-object are both invalid `param`, with
 * `notObject` as the reason for the latter.
 */
export function parseJsonObject(param: string, raw: string, notObject = "must encode a JSON object"): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid(param, "malformed JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid(param, notObject);
  return parsed as Record<string, unknown>;
}

export function sessionNotFound(sessionId: string): LocalError {
  return new LocalError("SessionNotFound", `session ${sessionId} not found`);
}

export function contextNotFound(contextId: string): LocalError {
  return new LocalError("ContextNotFound", `context ${contextId} not found`);
}

export function fileNotFound(contextId: string, filePath: string): LocalError {
  return new LocalError("FileNotFound", `file ${filePath} in context ${contextId} not found`);
}
