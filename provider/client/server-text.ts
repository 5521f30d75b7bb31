/**
 * Text that came from a server (or anything between it and us) before it reaches an error, a log
 * line or the state: control characters removed (no terminal escapes, no forged log lines), the API
 * key redacted, and the length bounded.
 */

/** Stands in for the API key wherever a server echoed it. */
export const REDACTED = "[redacted]";

/** Longest server field (code, requestId, a sync task's errorMessage) kept, in characters. */
export const MAX_SERVER_FIELD_CHARS = 200;
/** Longest server message kept, in characters. */
export const MAX_SERVER_MESSAGE_CHARS = 1000;
/** Longest error message kept (our words around the server's), in characters. */
export const MAX_ERROR_MESSAGE_CHARS = 4000;

// C0 and C1 control characters, DEL, and the Unicode bidirectional overrides and isolates (which
// reorder what a terminal shows). Each becomes one space, so words either side stay apart.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces every occurrence of `secret` in `text`. */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join(REDACTED);
}

/**
 * Server text made safe to show and store: control characters become spaces first (so a key split
 * by them is still found), then the key is redacted, then the text is cut to `maxChars` with a note
 * of how much was dropped.
 */
export function cleanServerText(text: string, secret: string | undefined, maxChars: number = MAX_SERVER_FIELD_CHARS): string {
  const cleaned = redact(String(text).replace(CONTROL, " "), secret);
  if (cleaned.length <= maxChars) return cleaned;
  return `${cleaned.slice(0, maxChars)}... (${cleaned.length - maxChars} more characters)`;
}
