/**
 * Raw createSession requests as agb-local received them (query parameters and JSON body, never the
 * key), so a test can compare what two clients put on the wire (`GET /_local/captures`). The body
 * is kept as sent: JSON-string fields (`labels`, `policy`) are not parsed, so spacing and key order
 * differences stay visible to whoever compares.
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

const CAPTURE_LIMIT = 200;

export class RequestCaptures {
  private items: CapturedRequest[] = [];

  record(apiKeyHash: string, rawQuery: string, body: Record<string, unknown>): void {
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
    this.items.push({ time: new Date().toISOString(), operation: "createSession", apiKeyHash, query, body });
    if (this.items.length > CAPTURE_LIMIT) this.items = this.items.slice(-CAPTURE_LIMIT);
  }

  list(): CapturedRequest[] {
    return [...this.items];
  }

  clear(): void {
    this.items = [];
  }
}
