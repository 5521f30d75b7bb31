/** Small node:http helpers shared by the AGB, file and control routes. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest accepted request body (file uploads included). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/**
 * Bytes of request bodies being received at once, across all requests of one agb-local: a request
 * whose next chunk would pass the limit is dropped, so many large bodies at once cannot exhaust
 * memory (each one alone is already bounded by {@link MAX_BODY_BYTES}).
 */
export class BodyBudget {
  private used = 0;
  constructor(readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number): void {
    this.used -= bytes;
  }
}

/** No shared limit (a budget nothing passes). */
const UNLIMITED = new BodyBudget(Number.POSITIVE_INFINITY);

export function readBody(req: IncomingMessage, budget: BodyBudget = UNLIMITED): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      budget.give(size);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > MAX_BODY_BYTES || !budget.take(chunk.length)) {
        settle();
        const why =
          size + chunk.length > MAX_BODY_BYTES
            ? `body larger than ${MAX_BODY_BYTES} bytes`
            : `bodies in flight above ${budget.limit} bytes`;
        reject(new BodyTooLarge(why));
        req.destroy();
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    req.on("end", () => {
      settle();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on("error", (err) => {
      settle();
      reject(err);
    });
    req.on("close", settle);
  });
}

/** The body, or undefined after dropping the connection (body too large, over the budget, or the client went away). */
export async function readBodyOrDrop(req: IncomingMessage, budget?: BodyBudget): Promise<Buffer | undefined> {
  try {
    return await readBody(req, budget);
  } catch {
    req.socket.destroy();
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
