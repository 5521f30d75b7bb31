/**
 * Session and label operations (`/mcp/*` with JSON bodies, `/sdk/ListSession|SetLabel|GetLabel`
 * with every argument in the query).
 */
import { answerFailure, judgeEnvelope, judgeTolerantEnvelope, parseBody, parseData, parseJsonString, requestIdOf } from "./answer";
import { invalidResponseError } from "./error-mapping";
import { localInvalid, requireText } from "./local-checks";
import type { RequestRunner } from "./request-loop";
import { followPages } from "./pages";
import { canonicalSessionStatus } from "./status-case";
import type { CreatedSession, CreateSessionRequest, SessionDetails, SessionListItem, SessionStatusInfo } from "./types";
import {
  createSessionDataSchema,
  envelopeSchema,
  labelMapSchema,
  labelsDataSchema,
  sessionDetailsSchema,
  sessionListSchema,
} from "./wire-schemas";

/** Reported in createSession's `sdkStats` (a JSON string, as the official SDKs send). */
const SDK_STATS = JSON.stringify({ source: "sdk", sdk_language: "typescript", sdk_version: "0.1.0", is_release: true });
/** ListSession page size when the caller gives none. */
export const DEFAULT_SESSION_PAGE_SIZE = 50;
/** GetLabel page size asked for (the SDKs send none; agb-local then answers 10 a page). */
export const DEFAULT_LABEL_PAGE_SIZE = 50;

export async function createSession(runner: RequestRunner, req: CreateSessionRequest): Promise<CreatedSession> {
  const op = "createSession";
  requireText(op, "imageId", req?.imageId);
  const body: Record<string, unknown> = {};
  if (req.labels !== undefined) body.labels = JSON.stringify(req.labels);
  if (req.persistenceDataList !== undefined) {
    body.persistenceDataList = req.persistenceDataList.map((entry) => ({
      contextId: entry.contextId ?? "",
      path: entry.path ?? "",
      policy: JSON.stringify(entry.policy ?? {}),
    }));
  }
  if (req.policyId !== undefined) body.mcpPolicyId = req.policyId;
  if (req.timeout !== undefined) body.timeout = req.timeout;
  return runner.run(
    { operation: op, method: "POST", path: "/mcp/createSession", query: { imageId: req.imageId, sdkStats: SDK_STATS }, body },
    (ctx) => {
      // createSession is judged by its data (docs/agb-protocol.md §3): a session id, and no data.success=false.
      const raw = parseBody(ctx);
      const requestId = requestIdOf(raw, ctx.response);
      const env = parseData(ctx, requestId, envelopeSchema, raw, "envelope");
      if (ctx.response.status >= 400) throw answerFailure(ctx, env, requestId);
      const data = parseData(ctx, requestId, createSessionDataSchema.nullish(), env.data, "data");
      if (data?.success === false) {
        throw answerFailure(
          ctx,
          { code: env.code || "CreateSessionFailed", message: data.errMsg ?? env.message, httpStatusCode: env.httpStatusCode },
          requestId,
        );
      }
      if (!data?.sessionId) {
        if (env.success !== true) throw answerFailure(ctx, env, requestId);
        throw invalidResponseError(op, ctx.response.status, requestId, "data.sessionId is missing", ctx.secret);
      }
      const { sessionId, resourceUrl, appInstanceId, resourceId, linkUrl, wsUrl, token } = data;
      return { sessionId, resourceUrl, appInstanceId, resourceId, linkUrl, wsUrl, token, requestId };
    },
  );
}

function optionalStatus(status: string | undefined): string | undefined {
  return status === undefined ? undefined : canonicalSessionStatus(status);
}

export async function getSession(runner: RequestRunner, sessionId: string): Promise<SessionDetails> {
  const op = "getSession";
  requireText(op, "sessionId", sessionId);
  return runner.run({ operation: op, method: "POST", path: "/mcp/getSession", body: { sessionId } }, (ctx) => {
    const { env, requestId } = judgeEnvelope(ctx);
    const data = parseData(ctx, requestId, sessionDetailsSchema, env.data ?? {}, "data");
    return {
      sessionId: data.sessionId ?? sessionId,
      status: optionalStatus(data.status ?? data.Status),
      resourceUrl: data.resourceUrl,
      appInstanceId: data.appInstanceId,
      resourceId: data.resourceId,
      linkUrl: data.linkUrl,
      wsUrl: data.wsUrl,
      token: data.token,
    };
  });
}

export async function getSessionInfo(runner: RequestRunner, sessionId: string): Promise<SessionStatusInfo> {
  const op = "getSessionInfo";
  requireText(op, "sessionId", sessionId);
  return runner.run({ operation: op, method: "POST", path: "/mcp/getSessionInfo", body: { sessionId } }, (ctx) => {
    const { env, requestId } = judgeEnvelope(ctx);
    const data = parseData(ctx, requestId, sessionDetailsSchema, env.data ?? {}, "data");
    const status = data.status ?? data.Status;
    if (!status) throw invalidResponseError(op, ctx.response.status, requestId, "data.status is missing", ctx.secret);
    return { sessionId: data.sessionId ?? sessionId, status: canonicalSessionStatus(status) };
  });
}

export async function releaseSessionAsync(runner: RequestRunner, sessionId: string): Promise<void> {
  const op = "releaseSessionAsync";
  requireText(op, "sessionId", sessionId);
  await runner.run({ operation: op, method: "POST", path: "/mcp/releaseSessionAsync", body: { sessionId } }, (ctx) => {
    judgeTolerantEnvelope(ctx);
  });
}

export async function refreshSessionIdleTime(runner: RequestRunner, sessionId: string): Promise<void> {
  const op = "refreshSessionIdleTime";
  requireText(op, "sessionId", sessionId);
  await runner.run({ operation: op, method: "POST", path: "/mcp/refreshSessionIdleTime", query: { sessionId }, body: {} }, (ctx) => {
    judgeTolerantEnvelope(ctx);
  });
}

export async function* listSessions(
  runner: RequestRunner,
  opts: { labels?: Record<string, string>; pageSize?: number } = {},
): AsyncGenerator<SessionListItem> {
  const op = "listSessions";
  const labels = JSON.stringify(opts.labels ?? {});
  const maxResults = String(opts.pageSize ?? DEFAULT_SESSION_PAGE_SIZE);
  const pages = followPages(
    runner,
    (nextToken) => ({ operation: op, method: "GET", path: "/sdk/ListSession", query: { maxResults, nextToken, labels } }),
    (ctx) => {
      const { env, requestId } = judgeEnvelope(ctx);
      return { items: parseData(ctx, requestId, sessionListSchema, env.data, "data"), nextToken: env.nextToken };
    },
  );
  for await (const item of pages) yield { sessionId: item.sessionId, sessionStatus: canonicalSessionStatus(item.sessionStatus ?? "") };
}

export async function setLabels(runner: RequestRunner, sessionId: string, labels: Record<string, string>): Promise<void> {
  const op = "setLabels";
  requireText(op, "sessionId", sessionId);
  if (labels === null || typeof labels !== "object" || Array.isArray(labels)) {
    throw localInvalid(op, "labels", "must be an object of string values");
  }
  // Capital-L `Labels`: the wire name SetLabel expects.
  await runner.run(
    { operation: op, method: "POST", path: "/sdk/SetLabel", query: { sessionId, Labels: JSON.stringify(labels) } },
    (ctx) => {
      judgeEnvelope(ctx);
    },
  );
}

/**
 * Every label of a session, following GetLabel's pages (agb-local pages it like ListSession; the
 * SDKs read `nextToken` inside `data`), so labels past the first page never look missing.
 */
export async function getLabels(runner: RequestRunner, sessionId: string): Promise<Record<string, string>> {
  const op = "getLabels";
  requireText(op, "sessionId", sessionId);
  const maxResults = String(DEFAULT_LABEL_PAGE_SIZE);
  const pages = followPages(
    runner,
    (nextToken) => ({ operation: op, method: "GET", path: "/sdk/GetLabel", query: { sessionId, maxResults, nextToken } }),
    (ctx) => {
      const { env, requestId } = judgeEnvelope(ctx);
      const data = parseData(ctx, requestId, labelsDataSchema.nullish(), env.data, "data");
      const labels = data?.labels;
      const decoded = typeof labels === "string" ? parseJsonString(ctx, requestId, labels, {}, "data.labels") : (labels ?? {});
      const map = parseData(ctx, requestId, labelMapSchema, decoded, "data.labels");
      return { items: Object.entries(map), nextToken: data?.nextToken ?? undefined };
    },
  );
  const all: Record<string, string> = {};
  for await (const [key, value] of pages) all[key] = value;
  return all;
}
