/**
 * One raw AGB API call over HTTP (global fetch), independent of our AGB client: the helper behind
 * the agb-local tests (test/local) and the reliability suite's raw calls. Every call has a deadline.
 */
export type Query = Record<string, string | undefined>;

export interface AgbHttpReply {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: any;
}

export interface AgbHttpOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (takes precedence over `body`). */
  rawBody?: string;
  /** Abort the call after this long; default 10000 ms. */
  timeoutMs?: number;
}

function qs(query: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** One AGB API call; `key: null` sends no authorization header. Rejects on a transport error. */
export async function agbHttp(
  base: string,
  key: string | null,
  method: "GET" | "POST",
  path: string,
  opts: AgbHttpOptions = {},
): Promise<AgbHttpReply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await fetch(`${base}${path}${qs(opts.query)}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
