/**
 * HTTP transport: one got instance per client, keep-alive agents shared by every client in the
 * process, and the process-wide concurrency limit. It performs exactly one attempt; retries are
 * the client's loop (got's own retry is disabled so that one policy decides).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { Got } from "got" with { "resolution-mode": "import" };
import { AgbError, AgbTimeoutError } from "./errors";
import { errorFromTransport, invalidResponseError } from "./error-mapping";
import { sharedLimiter } from "./concurrency";

// Shared at module level so that every client in a process reuses the same pooled connections.
// Idle pooled sockets are closed after 4 s (or the server's shorter Keep-Alive hint), before a
// typical 5 s server keep-alive timeout: reusing a socket the server is closing would surface as a
// reset of a request that "may have been sent", which a createSession cannot safely retry.
const AGENT_OPTIONS = { keepAlive: true, timeout: 4000 };
const httpAgent = new http.Agent(AGENT_OPTIONS);
const httpsAgent = new https.Agent(AGENT_OPTIONS);

/**
 * Most bytes one answer may have: 16 MiB, far above any real AGB answer (a page of 100 sessions or
 * files is tens of KiB). A longer or endless body is cut off there and reported as `InvalidResponse`,
 * so a hostile or broken server cannot make the client buffer without bound.
 */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** One AGB HTTP request, as placed on the wire. */
export interface WireRequest {
  operation: string;
  method: "GET" | "POST";
  /** Path under the endpoint, e.g. `/mcp/createSession`. */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | undefined>;
  /** JSON body (only `/mcp/*`); `/sdk/*` calls send none, as the official SDK does. */
  body?: unknown;
}

/** What came back: status, the headers we read, and the raw body text. */
export interface WireResponse {
  status: number;
  text: string;
  requestIdHeader?: string;
  retryAfter?: string;
}

let gotModule: Promise<Got> | undefined;

function loadGot(): Promise<Got> {
  // A real dynamic import: got 14 is an ES module and this package compiles to CommonJS.
  gotModule ??= import("got").then((m) => m.got);
  return gotModule;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Sends AGB requests for one endpoint and API key. */
export class Transport {
  readonly #apiKey: string;
  readonly #endpoint: string;
  #client: Promise<Got> | undefined;
  /** The extended got instance once loaded: later requests skip awaiting the load promise. */
  #got: Got | undefined;

  constructor(endpoint: string, apiKey: string) {
    this.#endpoint = endpoint;
    this.#apiKey = apiKey;
  }

  /** Redacts the key out of text that might echo it (server messages, low-level errors). */
  get secret(): string {
    return this.#apiKey;
  }

  private client(): Promise<Got> {
    this.#client ??= loadGot().then(
      (got) =>
        (this.#got = got.extend({
          headers: { authorization: `Bearer ${this.#apiKey}`, "content-type": "application/json" },
          agent: { http: httpAgent, https: httpsAgent },
          retry: { limit: 0 },
          throwHttpErrors: false,
          followRedirect: false,
          responseType: "text",
        })),
    );
    return this.#client;
  }

  /**
   * Performs one attempt. Waiting for a concurrency slot counts against `slotWaitMs`; the request
   * itself against `timeoutMs`. Throws typed transport/timeout errors; HTTP errors are returned.
   */
  async send(req: WireRequest, timeoutMs: number, slotWaitMs: number): Promise<WireResponse> {
    const got = this.#got ?? (await this.client());
    const limiter = sharedLimiter();
    const release =
      limiter.tryAcquire() ??
      (await limiter.acquire(
        slotWaitMs,
        () =>
          new AgbTimeoutError(
            `AGB ${req.operation} timed out after ${Math.round(slotWaitMs)} ms waiting for a free connection slot (process-wide AGB_MAX_CONCURRENCY limit)`,
            { code: "SlotTimeout", httpStatus: 0, requestId: "", operation: req.operation, requestMayHaveBeenSent: false },
          ),
      ));
    try {
      let searchParams: URLSearchParams | undefined;
      if (req.query) {
        searchParams = new URLSearchParams();
        for (const key of Object.keys(req.query)) {
          const value = req.query[key];
          if (value !== undefined) searchParams.append(key, value);
        }
      }
      const pending = got(`${this.#endpoint}${req.path}`, {
        method: req.method,
        searchParams,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        timeout: { request: Math.max(1, Math.round(timeoutMs)) },
      });
      let responseFacts = { status: 0, requestId: undefined as string | undefined };
      let tooLarge = false;
      pending.on("response", (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
        responseFacts = { status: res.statusCode, requestId: headerValue(res.headers["x-request-id"]) };
      });
      // Fires on the response (with Content-Length as `total`) and on every chunk: stop as soon as
      // the answer is known to be, or has become, longer than the cap.
      pending.on("downloadProgress", (progress: { transferred: number; total?: number }) => {
        if (tooLarge || (progress.transferred <= MAX_RESPONSE_BYTES && (progress.total ?? 0) <= MAX_RESPONSE_BYTES)) return;
        tooLarge = true;
        pending.cancel("response too large");
      });
      let response;
      try {
        response = await pending;
      } catch (error) {
        if (!tooLarge) throw error;
        const { status, requestId } = responseFacts;
        throw invalidResponseError(
          req.operation,
          status,
          requestId ?? "",
          `the body is longer than ${MAX_RESPONSE_BYTES} bytes; reading stopped there`,
          this.#apiKey,
        );
      }
      return {
        status: response.statusCode,
        text: response.body,
        requestIdHeader: headerValue(response.headers["x-request-id"]),
        retryAfter: headerValue(response.headers["retry-after"]),
      };
    } catch (error) {
      if (error instanceof AgbError) throw error;
      throw errorFromTransport(req.operation, error, this.#apiKey, Math.round(timeoutMs));
    } finally {
      release();
    }
  }
}
