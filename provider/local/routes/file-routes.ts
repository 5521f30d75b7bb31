/** Wire handlers of the context-file operations (URLs, listing, delete). */
import { checkFilePath, deleteFile, listFolder } from "../models/files";
import { invalid } from "../models/errors";
import { wireTime } from "./envelope";
import type { Route, RouteContext } from "./types";

function fileUrl(kind: "upload" | "download") {
  return ({ store, acct, params, tokens, baseUrl }: RouteContext) => {
    const contextId = params.queryReq("contextId");
    const filePath = checkFilePath("filePath", params.queryReq("filePath"));
    const { token, expiresAt } = tokens.issue(store, acct, contextId, filePath, kind);
    return { data: { url: `${baseUrl}/_files/${token}`, expireTime: Math.floor(expiresAt / 1000) } };
  };
}

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw invalid(name, `must be an integer between 1 and ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function describeContextFiles({ acct, params }: RouteContext) {
  const contextId = params.queryReq("contextId");
  const parent = params.query1("parentFolderPath") ?? "";
  if (parent !== "" && !parent.startsWith("/"))
    throw invalid("parentFolderPath", `must be an absolute path, got ${JSON.stringify(parent)}`);
  const pageNumber = positiveInt("pageNumber", params.query1("pageNumber"), 1, 1_000_000);
  const pageSize = positiveInt("pageSize", params.query1("pageSize"), 50, 500);
  const entries = listFolder(acct, contextId, parent);
  const page = entries.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const more = pageNumber * pageSize < entries.length;
  return {
    data: page.map((e) => ({
      fileId: e.file?.fileId ?? "",
      fileName: e.name,
      filePath: e.path,
      fileType: e.type,
      gmtCreate: e.file ? wireTime(e.file.createdAt) : "",
      gmtModified: e.file ? wireTime(e.file.modifiedAt) : "",
      size: e.file?.size ?? 0,
      status: "available",
    })),
    extra: { count: entries.length, nextToken: more ? String(pageNumber + 1) : "", maxResults: pageSize },
  };
}

function deleteContextFile({ acct, params }: RouteContext) {
  const contextId = params.queryReq("contextId");
  deleteFile(acct, contextId, checkFilePath("filePath", params.queryReq("filePath")));
  return { data: null };
}

export const FILE_ROUTES: Record<string, Route> = {
  "/sdk/GetContextFileUploadUrl": { op: "GetContextFileUploadUrl", mutates: false, handle: fileUrl("upload") },
  "/sdk/GetContextFileDownloadUrl": { op: "GetContextFileDownloadUrl", mutates: false, handle: fileUrl("download") },
  "/sdk/DescribeContextFiles": { op: "DescribeContextFiles", mutates: false, handle: describeContextFiles },
  "/sdk/DeleteContextFile": { op: "DeleteContextFile", mutates: true, handle: deleteContextFile },
};
