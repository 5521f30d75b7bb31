/**
 * Raw AGB wire calls over loopback HTTP (global fetch), independent of our AGB client, for the
 * agb-local durability and load tests. Every call has its own deadline.
 */
import { agbHttp } from "../../support/agb-http";
import type { Query } from "../../support/agb-http";

export type { Query };

export interface Reply {
  status: number;
  body: any;
}

/** One AGB API call (default deadline 30 s); rejects on a transport error (e.g. the server was killed). */
export async function agbCall(
  base: string,
  key: string,
  method: "GET" | "POST",
  path: string,
  opts: { query?: Query; body?: unknown; timeoutMs?: number } = {},
): Promise<Reply> {
  const { status, body } = await agbHttp(base, key, method, path, {
    query: opts.query,
    body: opts.body,
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  return { status, body };
}

/** True for an AGB success envelope. */
export function ok(r: Reply): boolean {
  return r.status === 200 && r.body?.success === true;
}

/** A fresh, recognisable API key per account. */
export function newKey(tag: string): string {
  return `akm-rel-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

export async function createSession(base: string, key: string, labels: Record<string, string>): Promise<string> {
  const r = await agbCall(base, key, "POST", "/mcp/createSession", {
    query: { imageId: "agb-code-space-1" },
    body: { labels: JSON.stringify(labels), timeout: 86_400 },
  });
  if (!ok(r) || typeof r.body.data?.sessionId !== "string") throw new Error(`createSession: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.data.sessionId as string;
}

export async function setLabels(base: string, key: string, sessionId: string, labels: Record<string, string>): Promise<Reply> {
  return agbCall(base, key, "POST", "/sdk/SetLabel", { query: { sessionId, Labels: JSON.stringify(labels) } });
}

export async function getLabels(base: string, key: string, sessionId: string): Promise<Record<string, string>> {
  const r = await agbCall(base, key, "GET", "/sdk/GetLabel", { query: { sessionId } });
  if (!ok(r)) throw new Error(`GetLabel: ${r.status} ${JSON.stringify(r.body)}`);
  return JSON.parse(r.body.data.labels as string) as Record<string, string>;
}
