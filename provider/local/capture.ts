/**
 * Raw createSession requests as agb-local received them (query parameters and JSON body, never the
 * key), so a test can compare what two clients put on the wire (`GET /_local/captures`). The body
 * is kept as sent: JSON-string fields (`labels`, `policy`) are not parsed, so spacing and key order
 * differences stay visible to whoever compares. Only requests the service accepted are kept, within
 * a count and a byte limit.
 */
export interface CapturedRequest {
  /** ISO-8601 time of the request. */
  time: string;
  operation: "createSession";
  /** First 12 hex chars of sha256(API key). */
  apiKeyHash: string;
  /** Form-decoded query parameters (last value wins). */
  query: Record<string, string>;
  /** The parsed JSON body (`{}` when empty). */
  body: Record<string, unknown>;
}

/** Most captures kept (the oldest go first). */
const CAPTURE_LIMIT = 200;
/** Most bytes (query and body as JSON) of all captures together: 8 MiB; the oldest go first. */
export const CAPTURE_BYTES_LIMIT = 8 * 1024 * 1024;
/** A body longer than this (as JSON) is kept as a note of its size instead: 1 MiB. */
export const CAPTURE_BODY_BYTES_LIMIT = 1024 * 1024;

export class RequestCaptures {
  private items: Array<{ item: CapturedRequest; bytes: number }> = [];
  private bytes = 0;

  record(apiKeyHash: string, rawQuery: string, body: Record<string, unknown>): void {
    const query: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
    // Serialized once here, so listing the captures can never fail (too deep, too long).
    let kept: Record<string, unknown> = body;
    let size = 0;
    try {
      size = JSON.stringify(body).length;
      if (size > CAPTURE_BODY_BYTES_LIMIT) kept = { notCaptured: `body of ${size} bytes (more than ${CAPTURE_BODY_BYTES_LIMIT})` };
    } catch {
      kept = { notCaptured: "body too deeply nested to serialize" };
    }
    const bytes = Math.min(size, CAPTURE_BODY_BYTES_LIMIT) + rawQuery.length + 200;
    this.items.push({ item: { time: new Date().toISOString(), operation: "createSession", apiKeyHash, query, body: kept }, bytes });
    this.bytes += bytes;
    while (this.items.length > CAPTURE_LIMIT || this.bytes > CAPTURE_BYTES_LIMIT) this.bytes -= this.items.shift()!.bytes;
  }

  list(): CapturedRequest[] {
    return this.items.map((i) => i.item);
  }

  clear(): void {
    this.items = [];
    this.bytes = 0;
  }
}
