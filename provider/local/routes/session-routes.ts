/** Wire handlers of the session operations (`/mcp/*`, ListSession, SetLabel, GetLabel). */
import { invalid, parseJsonObject } from "../models/errors";
import { hex } from "../models/ids";
import { parseLabels } from "../models/labels";
import { keyed } from "../models/keyed";
import { paginateLabels, parseMaxResults } from "../models/paging";
import * as sessions from "../models/sessions";
import { checkImage, checkLabelLimits } from "../models/strictness";
import type { SessionRecord } from "../models/types";
import type { Params } from "./params";
import { inStatusCase } from "./status-case";
import type { Route, RouteContext } from "./types";

const TOOL_LIST = JSON.stringify([
  { name: "shell", server: "mcp-server", description: "Run a shell command (agb-local: not executed)", inputSchema: {} },
]);

/** Connection details as createSession/getSession return them; the auth code rotates per call. */
function sessionView(s: SessionRecord): Record<string, unknown> {
  const authCode = hex(8);
  return {
    sessionId: s.sessionId,
    appInstanceId: s.appInstanceId,
    resourceId: s.resourceId,
    resourceUrl: `https://agb-local.invalid/resource?resourceId=${s.resourceId}&authCode=${authCode}`,
    linkUrl: `http://agb-local.invalid/link/${s.sessionId}`,
    wsUrl: `ws://agb-local.invalid/ws/${s.sessionId}`,
    token: `tok-${authCode}`,
    toolList: TOOL_LIST,
  };
}

/** sessionId from the body (PY-old also sent `SessionId`). */
function bodySessionId(p: Params): string {
  if (p.body.sessionId === undefined && typeof p.body.SessionId === "string") return p.bodyReq("SessionId");
  return p.bodyReq("sessionId");
}

function createSession({ store, acct, params, strictness }: RouteContext) {
  const imageId = params.queryReq("imageId");
  checkImage(strictness, imageId);
  const stats = params.query1("sdkStats");
  if (stats !== undefined) parseJsonObject("sdkStats", stats);
  const rawLabels = params.bodyStr("labels");
  const labels = rawLabels === undefined || rawLabels === "" ? keyed<string>() : parseLabels("labels", rawLabels, true);
  checkLabelLimits(strictness, "labels", labels);
  const timeout = params.body.timeout;
  if (timeout !== undefined && timeout !== null && (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout < 0)) {
    throw invalid("timeout", "must be a non-negative integer number of seconds");
  }
  const list = params.body.persistenceDataList;
  if (list !== undefined && list !== null && !Array.isArray(list)) throw invalid("persistenceDataList", "must be an array");
  const session = sessions.createSession(store, acct, {
    imageId,
    labels,
    timeout: typeof timeout === "number" ? timeout : undefined,
    mcpPolicyId: params.bodyStr("mcpPolicyId"),
    persistenceDataList: Array.isArray(list) ? list : [],
  });
  return {
    data: { ...sessionView(session), success: true, errMsg: null, taskId: null, networkInterfaceIp: null },
  };
}

function getSession({ store, acct, params }: RouteContext) {
  const session = sessions.liveSession(store, acct, bodySessionId(params));
  const { status } = sessions.findSession(store, acct, session.sessionId);
  return { data: { ...sessionView(session), status: inStatusCase(status, store.timing.statusCase) } };
}

/** Session.info (docs/agb-protocol.md §10): the resource of a live session; agb-local has no desktop to describe. */
function getMcpResource({ store, acct, params }: RouteContext) {
  const session = sessions.liveSession(store, acct, bodySessionId(params));
  const view = sessionView(session);
  return { data: { sessionId: session.sessionId, resourceUrl: view.resourceUrl } };
}

function getSessionInfo({ store, acct, params }: RouteContext) {
  const { session, status } = sessions.findSession(store, acct, bodySessionId(params));
  return { data: { sessionId: session.sessionId, status: inStatusCase(status, store.timing.statusCase) } };
}

function release(sync: boolean) {
  return ({ store, acct, params }: RouteContext) => {
    const sessionId = bodySessionId(params);
    sessions.releaseSession(store, acct, sessionId, sync);
    return { data: { sessionId } };
  };
}

function refresh({ store, acct, params }: RouteContext) {
  // The SDK sends sessionId in the query with a `{}` body; a body field is accepted too.
  const sessionId = params.query1("sessionId") ?? params.bodyReq("sessionId");
  sessions.refreshIdleTime(store, acct, sessionId);
  return { data: { sessionId } };
}

function listSession({ store, acct, params }: RouteContext) {
  const maxResults = parseMaxResults(params.query1("maxResults"), 10);
  const raw = params.query1("labels");
  const filter = raw === undefined ? keyed<string>() : parseLabels("labels", raw, true);
  const all = params.queryBool("isAll", false);
  const page = sessions.listSessions(store, acct, filter, maxResults, params.query1("nextToken"), all);
  return {
    data: page.items.map((s) => ({ sessionId: s.sessionId, sessionStatus: inStatusCase(s.status, store.timing.statusCase) })),
    extra: { nextToken: page.nextToken, maxResults: page.maxResults, count: page.count, totalCount: page.count },
  };
}

function setLabel({ store, acct, params, strictness }: RouteContext) {
  const sessionId = params.queryReq("sessionId");
  const labels = parseLabels("Labels", params.queryReq("Labels"), false);
  checkLabelLimits(strictness, "Labels", labels);
  sessions.setLabels(store, acct, sessionId, labels);
  return { data: null };
}

/**
 * Paged like ListSession (default 10 a page), with the paging fields inside `data`, where the SDKs'
 * GetLabelResponse reads them (`data.nextToken`, `data.maxResults`, `data.count`).
 */
function getLabel({ store, acct, params }: RouteContext) {
  const maxResults = parseMaxResults(params.query1("maxResults"), 10);
  const session = sessions.liveSession(store, acct, params.queryReq("sessionId"));
  const page = paginateLabels(session.labels, maxResults, params.query1("nextToken"));
  return {
    data: {
      labels: JSON.stringify(Object.fromEntries(page.items)),
      count: page.count,
      nextToken: page.nextToken,
      maxResults: page.maxResults,
    },
  };
}

export const SESSION_ROUTES: Record<string, Route> = {
  "/mcp/createSession": { op: "createSession", mutates: true, handle: createSession },
  "/mcp/getSession": { op: "getSession", mutates: false, handle: getSession },
  "/mcp/getSessionInfo": { op: "getSessionInfo", mutates: false, handle: getSessionInfo },
  "/mcp/releaseSessionAsync": { op: "releaseSessionAsync", mutates: true, handle: release(false) },
  "/mcp/releaseSession": { op: "releaseSession", mutates: true, handle: release(true) },
  "/mcp/refreshSessionIdleTime": { op: "refreshSessionIdleTime", mutates: true, handle: refresh },
  "/mcp/getMcpResource": { op: "getMcpResource", mutates: false, handle: getMcpResource },
  "/sdk/ListSession": { op: "ListSession", mutates: false, handle: listSession },
  "/sdk/SetLabel": { op: "SetLabel", mutates: true, handle: setLabel },
  "/sdk/GetLabel": { op: "GetLabel", mutates: false, handle: getLabel },
};
