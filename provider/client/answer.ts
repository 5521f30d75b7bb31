/**
 * Judging AGB answers: JSON parsing, the envelope's success rule (docs/agb-protocol.md §3), zod
 * validation of `data`, and the decoding of JSON-string fields.
 */
import type { z } from "zod";
import type { AgbError } from "./errors";
import { errorFromAnswer, invalidResponseError } from "./error-mapping";
import type { WireResponse } from "./transport";
import { envelopeSchema, pascalEnvelopeSchema } from "./wire-schemas";
import type { Envelope } from "./wire-schemas";

/** Per-answer context used to build errors. */
export interface AnswerContext {
  operation: string;
  response: WireResponse;
  secret: string;
  /** requestId seen in the body (set by {@link parseBody}), for the log line. */
  requestId?: string;
}

/** requestId from the body when it is a non-empty string, else from `x-request-id`. */
export function requestIdOf(body: unknown, response: WireResponse): string {
  const fromBody =
    body && typeof body === "object"
      ? ((body as Record<string, unknown>).requestId ?? (body as Record<string, unknown>).RequestId)
      : undefined;
  if (typeof fromBody === "string" && fromBody !== "") return fromBody;
  return response.requestIdHeader ?? "";
}

/** Parses the body as JSON; a non-JSON body is an error (classified by HTTP status when >= 400). */
export function parseBody(ctx: AnswerContext): unknown {
  const { response } = ctx;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    const requestId = response.requestIdHeader ?? "";
    if (response.status >= 400) {
      // The body text is not used for classification: an HTML "404 Not Found" page from a proxy
      // says nothing about an AGB resource.
      throw errorFromAnswer({
        operation: ctx.operation,
        httpStatus: response.status,
        message: `HTTP ${response.status} with a non-JSON body (${response.text.length} bytes)`,
        requestId,
        retryAfter: response.retryAfter,
        secret: ctx.secret,
      });
    }
    throw invalidResponseError(ctx.operation, response.status, requestId, "body is not JSON", ctx.secret);
  }
  ctx.requestId = requestIdOf(body, response);
  return body;
}

/** The typed error of an answer judged failed. */
export function answerFailure(
  ctx: AnswerContext,
  env: { code?: string; message?: string; httpStatusCode?: number },
  requestId: string,
): AgbError {
  return errorFromAnswer({
    operation: ctx.operation,
    httpStatus: ctx.response.status,
    bodyStatus: env.httpStatusCode,
    code: env.code,
    message: env.message,
    requestId,
    retryAfter: ctx.response.retryAfter,
    secret: ctx.secret,
  });
}

/** Parses the envelope and applies the success rule: HTTP < 400 and `success === true`. */
export function judgeEnvelope(ctx: AnswerContext): { env: Envelope; requestId: string } {
  const body = parseBody(ctx);
  const requestId = requestIdOf(body, ctx.response);
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) {
    if (ctx.response.status >= 400) throw answerFailure(ctx, {}, requestId);
    throw invalidResponseError(ctx.operation, ctx.response.status, requestId, describeIssues(parsed.error), ctx.secret);
  }
  const env = parsed.data;
  if (ctx.response.status >= 400 || env.success !== true) throw answerFailure(ctx, env, requestId);
  return { env, requestId };
}

/**
 * The tolerant rule of releaseSessionAsync / refreshSessionIdleTime: the envelope may sit under
 * `body`, and its keys may be PascalCase.
 */
export function judgeTolerantEnvelope(ctx: AnswerContext): { requestId: string } {
  const raw = parseBody(ctx);
  const inner =
    raw && typeof raw === "object" && (raw as Record<string, unknown>).body && typeof (raw as Record<string, unknown>).body === "object"
      ? (raw as Record<string, unknown>).body
      : raw;
  const camel = envelopeSchema.safeParse(inner);
  const pascal = pascalEnvelopeSchema.safeParse(inner);
  if (!camel.success || !pascal.success) {
    const requestId = requestIdOf(raw, ctx.response);
    if (ctx.response.status >= 400) throw answerFailure(ctx, {}, requestId);
    throw invalidResponseError(ctx.operation, ctx.response.status, requestId, "envelope is not an object", ctx.secret);
  }
  const c = camel.data;
  const p = pascal.data;
  const env = {
    success: c.success ?? p.Success,
    code: c.code ?? p.Code,
    message: c.message ?? p.Message,
    httpStatusCode: c.httpStatusCode ?? p.HttpStatusCode,
  };
  const requestId = requestIdOf(inner, ctx.response) || requestIdOf(raw, ctx.response);
  if (ctx.response.status >= 400 || env.success !== true) throw answerFailure(ctx, env, requestId);
  return { requestId };
}

/** Validates `value` against `schema`; a mismatch is an unusable-response transport error. */
export function parseData<S extends z.ZodType>(
  ctx: AnswerContext,
  requestId: string,
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw invalidResponseError(ctx.operation, ctx.response.status, requestId, `${what}: ${describeIssues(parsed.error)}`, ctx.secret);
  }
  return parsed.data;
}

/** Parses a JSON-string field; empty means `fallback`. */
export function parseJsonString(
  ctx: AnswerContext,
  requestId: string,
  text: string | null | undefined,
  fallback: unknown,
  what: string,
): unknown {
  if (text === null || text === undefined || text.trim() === "") return fallback;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidResponseError(ctx.operation, ctx.response.status, requestId, `${what} is not valid JSON`, ctx.secret);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"} ${issue.message}`)
    .join("; ");
}
