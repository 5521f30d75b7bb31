/**
 * Raw-HTTP helpers for the agb-local tests: plain fetch against the built service, so these tests
 * do not depend on our AGB client.
 */
import { startAgbLocal } from "../../dist/local/index.js";
import type { AgbLocal, AgbLocalOptions } from "../../dist/local/index.js";
import { usePerFileLocal } from "../support/per-file-local";
import type { PerFileLocal } from "../support/per-file-local";
import { agbHttp } from "../support/agb-http";
import type { AgbHttpReply, Query } from "../support/agb-http";

export type Reply = AgbHttpReply;
export type { Query };

export async function start(options: AgbLocalOptions = {}): Promise<AgbLocal> {
  return startAgbLocal({ port: 0, quiet: true, ...options });
}

/** One agb-local per test file, reset before each test. Call at the top of the file. */
export function useSharedLocal(options: AgbLocalOptions = {}): PerFileLocal {
  return usePerFileLocal(() => start(options));
}

let keyCounter = 0;
/** A fresh API key, so each test is its own account. */
export function newKey(): string {
  keyCounter += 1;
  return `akm-test-${process.pid}-${keyCounter}-${Math.random().toString(36).slice(2)}`;
}

/** One AGB API call (10 s deadline); `key: null` sends no authorization header. */
export async function call(
  base: string,
  key: string | null,
  method: "GET" | "POST",
  path: string,
  opts: { query?: Query; body?: unknown; rawBody?: string } = {},
): Promise<Reply> {
  return agbHttp(base, key, method, path, { query: opts.query, body: opts.body, rawBody: opts.rawBody, timeoutMs: 10_000 });
}

/** A bound client for one account. */
export function api(base: string, key: string) {
  return {
    get: (path: string, query?: Query) => call(base, key, "GET", path, { query }),
    post: (path: string, query?: Query, body?: unknown) => call(base, key, "POST", path, { query, body }),
    async createSession(body: Record<string, unknown> = {}, imageId = "agb-code-space-1"): Promise<string> {
      const r = await call(base, key, "POST", "/mcp/createSession", { query: { imageId }, body });
      if (r.status !== 200) throw new Error(`createSession failed: ${JSON.stringify(r.body)}`);
      return r.body.data.sessionId as string;
    },
    async createContext(name: string): Promise<string> {
      const r = await call(base, key, "GET", "/sdk/GetContext", { query: { name, allowCreate: "true" } });
      if (r.status !== 200) throw new Error(`GetContext failed: ${JSON.stringify(r.body)}`);
      return r.body.data.id as string;
    },
    async status(sessionId: string): Promise<string> {
      const r = await call(base, key, "POST", "/mcp/getSessionInfo", { body: { sessionId } });
      return r.status === 200 ? (r.body.data.status as string) : `${r.status}:${r.body.code}`;
    },
    async tasks(query: Query): Promise<Array<Record<string, unknown>>> {
      const r = await call(base, key, "GET", "/sdk/GetContextInfo", { query });
      if (r.status !== 200) throw new Error(`GetContextInfo failed: ${JSON.stringify(r.body)}`);
      const outer = JSON.parse(r.body.data.contextStatus as string) as Array<{ type: string; data: string }>;
      return outer.filter((e) => e.type === "data").flatMap((e) => JSON.parse(e.data) as Array<Record<string, unknown>>);
    },
  };
}

/** A sync entry as the SDKs send it: policy as a JSON string. */
export function syncEntry(contextId: string, path: string, policy: unknown = {}): Record<string, unknown> {
  return { contextId, path, policy: JSON.stringify(policy) };
}
