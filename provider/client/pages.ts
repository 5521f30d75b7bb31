/**
 * Following a list operation's pages (ListSession, ListContexts): one request per page until no
 * nextToken, bounded, and a server that hands back a token it already gave is an unusable answer
 * (the check runs inside the decode, so the runner treats it like any other bad answer).
 */
import type { AnswerContext } from "./answer";
import { invalidResponseError } from "./error-mapping";
import type { RequestRunner } from "./request-loop";
import type { WireRequest } from "./transport";

/** Safety bound on pages followed by a listing (a server repeating tokens must not loop forever). */
export const MAX_PAGES = 10_000;

/** One decoded page. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Yields the items of every page; `request` builds the request for a page token (undefined first). */
export async function* followPages<T>(
  runner: RequestRunner,
  request: (nextToken: string | undefined) => WireRequest,
  decodePage: (ctx: AnswerContext) => Page<T>,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const req = request(nextToken);
    const result = await runner.run(req, (ctx) => {
      const decoded = decodePage(ctx);
      if (decoded.nextToken && seen.has(decoded.nextToken)) {
        throw invalidResponseError(
          req.operation,
          ctx.response.status,
          ctx.requestId ?? "",
          "nextToken repeats a previous page",
          ctx.secret,
        );
      }
      return decoded;
    });
    yield* result.items;
    if (!result.nextToken) return;
    seen.add(result.nextToken);
    nextToken = result.nextToken;
  }
}
