/**
 * Token pagination over items ordered by a creation sequence number. The opaque `nextToken` encodes
 * the last returned sequence number, so items deleted between pages never shift the next page.
 */
import { invalid } from "./errors";

export interface Page<T> {
  items: T[];
  nextToken: string;
  count: number;
  maxResults: number;
}

export function parseMaxResults(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw invalid("maxResults", `must be an integer between 1 and 100, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < 1 || n > 100) throw invalid("maxResults", `must be between 1 and 100, got ${n}`);
  return n;
}

function decodeToken(token: string): number {
  const m = /^p1\.(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!m) throw invalid("nextToken", "not a token issued by this service");
  return Number(m[1]);
}

/** `all` must be sorted by seq ascending. */
export function paginate<T extends { seq: number }>(all: T[], maxResults: number, nextToken: string | undefined): Page<T> {
  const after = nextToken ? decodeToken(nextToken) : -1;
  const rest = after < 0 ? all : all.filter((item) => item.seq > after);
  const items = rest.slice(0, maxResults);
  const more = rest.length > maxResults;
  const last = items[items.length - 1];
  return {
    items,
    nextToken: more && last ? Buffer.from(`p1.${last.seq}`, "utf8").toString("base64url") : "",
    count: all.length,
    maxResults,
  };
}

/**
 * Key pagination of a label map (GetLabel): keys in sorted order, the token names the last key
 * returned, so a label added or removed between pages never shifts the next page.
 */
export function paginateLabels(labels: Record<string, string>, maxResults: number, nextToken: string | undefined): Page<[string, string]> {
  let after: string | undefined;
  if (nextToken) {
    const m = /^l1\.([\s\S]*)$/.exec(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!m) throw invalid("nextToken", "not a token issued by this service");
    after = m[1];
  }
  const keys = Object.keys(labels).sort();
  const rest = after === undefined ? keys : keys.filter((k) => k > after);
  const page = rest.slice(0, maxResults);
  const more = rest.length > maxResults;
  return {
    items: page.map((k) => [k, labels[k]] as [string, string]),
    nextToken: more ? Buffer.from(`l1.${page[page.length - 1]}`, "utf8").toString("base64url") : "",
    count: keys.length,
    maxResults,
  };
}
