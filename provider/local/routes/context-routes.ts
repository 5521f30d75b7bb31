/** Wire handlers of the context and context-sync operations (`/sdk/*`, all arguments in the query). */
import * as contexts from "../models/contexts";
import { invalid } from "../models/errors";
import { taskFinishedAt, taskStatus } from "../models/lifecycle";
import { parseMaxResults } from "../models/paging";
import type { ContextRecord } from "../models/types";
import { wireTime } from "./envelope";
import { inStatusCase } from "./status-case";
import type { Route, RouteContext } from "./types";

const TASK_TYPES = ["upload", "download"] as const;

function contextView(store: RouteContext["store"], ctx: ContextRecord): Record<string, unknown> {
  return {
    id: ctx.id,
    name: ctx.name,
    createTime: wireTime(ctx.createdAt),
    lastUsedTime: wireTime(ctx.lastUsedAt),
    state: contexts.contextState(store, ctx),
  };
}

function getContext({ store, acct, params }: RouteContext) {
  const id = params.query1("id")?.trim() || undefined;
  const name = params.query1("name")?.trim() || undefined;
  if (!id && !name) throw invalid("id", "id or name is required");
  const allowCreate = params.queryBool("allowCreate", false);
  const { ctx, created } = contexts.getContext(store, acct, { id, name, allowCreate });
  return { data: contextView(store, ctx), mutated: created };
}

function listContexts({ store, acct, params }: RouteContext) {
  const maxResults = parseMaxResults(params.query1("maxResults"), 10);
  const page = contexts.listContexts(acct, maxResults, params.query1("nextToken"));
  return {
    data: page.items.map((ctx) => contextView(store, ctx)),
    extra: { nextToken: page.nextToken, maxResults: page.maxResults, count: page.count, totalCount: page.count },
  };
}

function modifyContext({ store, acct, params }: RouteContext) {
  const id = params.queryReq("id");
  contexts.modifyContext(store, acct, id, params.queryReq("name"));
  return { data: { contextId: id } };
}

function deleteContext({ acct, params }: RouteContext) {
  const id = params.queryReq("id");
  contexts.deleteContext(acct, id);
  return { data: { contextId: id } };
}

function clearContext({ store, acct, params }: RouteContext) {
  const id = params.queryReq("id");
  contexts.clearContext(store, acct, id);
  return { data: { contextId: id, state: "clearing" } };
}

/** contextId and path go together (both or neither). */
function contextAndPath(ctx: RouteContext): { contextId?: string; path?: string } {
  const contextId = ctx.params.query1("contextId");
  const path = ctx.params.query1("path");
  if ((contextId === undefined) !== (path === undefined)) {
    throw invalid(contextId === undefined ? "contextId" : "path", "contextId and path must be given together");
  }
  return { contextId, path };
}

function syncContext(ctx: RouteContext) {
  const sessionId = ctx.params.queryReq("sessionId");
  const mode = ctx.params.queryEnum("mode", TASK_TYPES) ?? "upload";
  contexts.syncContext(ctx.store, ctx.acct, { sessionId, ...contextAndPath(ctx), mode });
  return { data: null };
}

function getContextInfo({ store, acct, params }: RouteContext) {
  const sessionId = params.queryReq("sessionId");
  const tasks = contexts.contextTasks(store, acct, {
    sessionId,
    contextId: params.query1("contextId"),
    path: params.query1("path"),
    taskType: params.queryEnum("taskType", TASK_TYPES),
  });
  const now = store.now();
  const records = tasks.map((t) => {
    const status = taskStatus(t, now);
    const finished = taskFinishedAt(t, now);
    return {
      contextId: t.contextId,
      path: t.path,
      status: inStatusCase(status, store.timing.statusCase),
      taskType: t.taskType,
      startTime: Math.floor(t.createdAt / 1000),
      finishTime: finished === undefined ? 0 : Math.floor(finished / 1000),
      errorMessage: status === "Failed" ? "sync failed (agb-local syncOutcome=Failed)" : "",
    };
  });
  // Double-encoded on purpose: a JSON string of envelopes whose `data` is itself a JSON string.
  return { data: { contextStatus: JSON.stringify([{ type: "data", data: JSON.stringify(records) }]) } };
}

export const CONTEXT_ROUTES: Record<string, Route> = {
  "/sdk/GetContext": { op: "GetContext", mutates: true, handle: getContext },
  "/sdk/ListContexts": { op: "ListContexts", mutates: false, handle: listContexts },
  "/sdk/ModifyContext": { op: "ModifyContext", mutates: true, handle: modifyContext },
  "/sdk/DeleteContext": { op: "DeleteContext", mutates: true, handle: deleteContext },
  "/sdk/ClearContext": { op: "ClearContext", mutates: true, handle: clearContext },
  "/sdk/SyncContext": { op: "SyncContext", mutates: true, handle: syncContext },
  "/sdk/GetContextInfo": { op: "GetContextInfo", mutates: false, handle: getContextInfo },
};
