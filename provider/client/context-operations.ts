/** Context and context-file operations: `/sdk/*`, every argument in the query, no body. */
import { z } from "zod";
import { judgeEnvelope, parseData, parseJsonString } from "./answer";
import type { AnswerContext } from "./answer";
import { localInvalid, requireText } from "./local-checks";
import { MAX_SERVER_MESSAGE_CHARS, cleanServerText } from "./server-text";
import type { RequestRunner } from "./request-loop";
import { followPages } from "./pages";
import { canonicalLowerWord, canonicalTaskStatus } from "./status-case";
import type { ContextFile, ContextInfo, FileUrl, SyncTask } from "./types";
import {
  contextFilesSchema,
  contextInfoDataSchema,
  contextListSchema,
  contextSchema,
  contextStatusItemSchema,
  fileUrlSchema,
  syncTaskSchema,
} from "./wire-schemas";

/** ListContexts page size when the caller gives none. */
export const DEFAULT_CONTEXT_PAGE_SIZE = 50;

function toContext(c: z.output<typeof contextSchema>): ContextInfo {
  return {
    id: c.id,
    name: c.name,
    state: c.state === undefined ? undefined : canonicalLowerWord(c.state),
    createTime: c.createTime,
    lastUsedTime: c.lastUsedTime,
  };
}

/** Answers with nothing to read: only the envelope's verdict matters. */
function envelopeOnly(ctx: AnswerContext): void {
  judgeEnvelope(ctx);
}

export async function getContext(
  runner: RequestRunner,
  query: { id?: string; name?: string; allowCreate?: boolean },
): Promise<ContextInfo> {
  const op = "getContext";
  const id = query?.id?.trim() || undefined;
  const name = query?.name?.trim() || undefined;
  if (!id && !name) throw localInvalid(op, "id or name", "is required (both are empty)");
  if (query.allowCreate && id) throw localInvalid(op, "allowCreate", "needs a name, not an id (only a name can be created)");
  const allowCreate = query.allowCreate ? "true" : "false";
  return runner.run({ operation: op, method: "GET", path: "/sdk/GetContext", query: { id, name, allowCreate } }, (ctx) => {
    const { env, requestId } = judgeEnvelope(ctx);
    // As the SDKs do, fall back to the requested id/name when the answer leaves them out.
    const data = env.data && typeof env.data === "object" ? { id, name, ...(env.data as object) } : env.data;
    return toContext(parseData(ctx, requestId, contextSchema, data, "data"));
  });
}

export async function* listContexts(runner: RequestRunner, opts: { pageSize?: number } = {}): AsyncGenerator<ContextInfo> {
  const op = "listContexts";
  const maxResults = String(opts.pageSize ?? DEFAULT_CONTEXT_PAGE_SIZE);
  const pages = followPages(
    runner,
    (nextToken) => ({ operation: op, method: "GET", path: "/sdk/ListContexts", query: { maxResults, nextToken } }),
    (ctx) => {
      const { env, requestId } = judgeEnvelope(ctx);
      const data = parseData(ctx, requestId, contextListSchema, env.data, "data");
      // Pagination is at top level (agb-local, recommended) or inside data when data is an object.
      const items = Array.isArray(data) ? data : (data?.contexts ?? []);
      return { items, nextToken: env.nextToken ?? (Array.isArray(data) ? undefined : data?.nextToken) };
    },
  );
  for await (const item of pages) yield toContext(item);
}

export async function modifyContext(runner: RequestRunner, id: string, name: string): Promise<void> {
  const op = "modifyContext";
  requireText(op, "id", id);
  requireText(op, "name", name);
  await runner.run({ operation: op, method: "POST", path: "/sdk/ModifyContext", query: { id, name } }, envelopeOnly);
}

export async function deleteContext(runner: RequestRunner, id: string): Promise<void> {
  const op = "deleteContext";
  requireText(op, "id", id);
  await runner.run({ operation: op, method: "POST", path: "/sdk/DeleteContext", query: { id } }, envelopeOnly);
}

export async function clearContext(runner: RequestRunner, id: string): Promise<void> {
  const op = "clearContext";
  requireText(op, "id", id);
  await runner.run({ operation: op, method: "POST", path: "/sdk/ClearContext", query: { id } }, envelopeOnly);
}

export async function syncContext(
  runner: RequestRunner,
  query: { sessionId: string; contextId?: string; path?: string; mode?: "upload" | "download" },
): Promise<void> {
  const op = "syncContext";
  requireText(op, "sessionId", query?.sessionId);
  if ((query.contextId === undefined) !== (query.path === undefined)) {
    throw localInvalid(op, "contextId and path", "must be given together or both omitted");
  }
  const { sessionId, contextId, path, mode } = query;
  await runner.run({ operation: op, method: "POST", path: "/sdk/SyncContext", query: { sessionId, contextId, path, mode } }, envelopeOnly);
}

export async function getContextInfo(
  runner: RequestRunner,
  query: { sessionId: string; contextId?: string; path?: string; taskType?: "upload" | "download" },
): Promise<SyncTask[]> {
  const op = "getContextInfo";
  requireText(op, "sessionId", query?.sessionId);
  const { sessionId, contextId, path, taskType } = query;
  return runner.run(
    { operation: op, method: "GET", path: "/sdk/GetContextInfo", query: { sessionId, contextId, path, taskType } },
    (ctx) => {
      const { env, requestId } = judgeEnvelope(ctx);
      const data = parseData(ctx, requestId, contextInfoDataSchema.nullish(), env.data, "data");
      return decodeContextStatus(ctx, requestId, data?.contextStatus);
    },
  );
}

/**
 * `contextStatus` is double-encoded: a JSON string holding an array of `{type, data}` envelopes,
 * where `data` of the `type: "data"` ones is again a JSON string holding the task array.
 */
export function decodeContextStatus(ctx: AnswerContext, requestId: string, contextStatus: string | null | undefined): SyncTask[] {
  const outer = parseJsonString(ctx, requestId, contextStatus, [], "data.contextStatus");
  const items = parseData(ctx, requestId, z.array(contextStatusItemSchema), outer, "data.contextStatus");
  const tasks: SyncTask[] = [];
  items.forEach((item, index) => {
    if (item.type !== "data") return;
    const what = `data.contextStatus[${index}].data`;
    const inner = typeof item.data === "string" ? parseJsonString(ctx, requestId, item.data, [], what) : (item.data ?? []);
    for (const task of parseData(ctx, requestId, z.array(syncTaskSchema), inner, what)) {
      tasks.push({
        contextId: task.contextId,
        path: task.path,
        status: canonicalTaskStatus(task.status),
        taskType: canonicalLowerWord(task.taskType),
        startTime: task.startTime,
        finishTime: task.finishTime,
        // Server text that ends up in error reasons and state: cleaned like every error field.
        errorMessage:
          typeof task.errorMessage !== "string" ? undefined : cleanServerText(task.errorMessage, ctx.secret, MAX_SERVER_MESSAGE_CHARS),
      });
    }
  });
  return tasks;
}

export async function describeContextFiles(
  runner: RequestRunner,
  query: { contextId: string; parentFolderPath?: string; pageNumber?: number; pageSize?: number },
): Promise<{ files: ContextFile[]; count: number }> {
  const op = "describeContextFiles";
  requireText(op, "contextId", query?.contextId);
  const params = {
    contextId: query.contextId,
    parentFolderPath: query.parentFolderPath ?? "",
    pageNumber: String(query.pageNumber ?? 1),
    pageSize: String(query.pageSize ?? 50),
  };
  return runner.run({ operation: op, method: "POST", path: "/sdk/DescribeContextFiles", query: params }, (ctx) => {
    const { env, requestId } = judgeEnvelope(ctx);
    const data = parseData(ctx, requestId, contextFilesSchema, env.data, "data");
    const entries = Array.isArray(data) ? data : (data?.files ?? []);
    const files: ContextFile[] = entries.map((f) => ({
      fileId: f.fileId,
      fileName: f.fileName,
      filePath: f.filePath,
      fileType: f.fileType,
      gmtCreate: f.gmtCreate,
      gmtModified: f.gmtModified,
      size: f.size,
      status: f.status,
    }));
    const count = env.count ?? (Array.isArray(data) ? undefined : data?.count) ?? files.length;
    return { files, count };
  });
}

async function fileUrl(runner: RequestRunner, op: string, path: string, contextId: string, filePath: string): Promise<FileUrl> {
  requireText(op, "contextId", contextId);
  requireText(op, "filePath", filePath);
  return runner.run({ operation: op, method: "POST", path, query: { contextId, filePath } }, (ctx) => {
    const { env, requestId } = judgeEnvelope(ctx);
    const data = parseData(ctx, requestId, fileUrlSchema, env.data, "data");
    return { url: data.url, expireTime: data.expireTime };
  });
}

export function getContextFileUploadUrl(runner: RequestRunner, contextId: string, filePath: string): Promise<FileUrl> {
  return fileUrl(runner, "getContextFileUploadUrl", "/sdk/GetContextFileUploadUrl", contextId, filePath);
}

export function getContextFileDownloadUrl(runner: RequestRunner, contextId: string, filePath: string): Promise<FileUrl> {
  return fileUrl(runner, "getContextFileDownloadUrl", "/sdk/GetContextFileDownloadUrl", contextId, filePath);
}

export async function deleteContextFile(runner: RequestRunner, contextId: string, filePath: string): Promise<void> {
  const op = "deleteContextFile";
  requireText(op, "contextId", contextId);
  requireText(op, "filePath", filePath);
  await runner.run({ operation: op, method: "POST", path: "/sdk/DeleteContextFile", query: { contextId, filePath } }, envelopeOnly);
}
