/**
 * Context files: pre-signed URL tokens pointing at agb-local itself (`/_files/<token>`), the stored
 * bytes, listing by folder and deletion. Tokens live in memory only (they expire anyway).
 */
import { own } from "./keyed";
import { fileNotFound, invalid, LocalError } from "./errors";
import { hex, newFileId } from "./ids";
import { findContext } from "./contexts";
import type { Store } from "./store";
import type { AccountRecord, FileRecord } from "./types";

/** Pre-signed URLs stay valid this long (agb-local clock). */
export const URL_TTL_MS = 30 * 60 * 1000;

export interface FileToken {
  keyHash: string;
  contextId: string;
  filePath: string;
  kind: "upload" | "download";
  expiresAt: number;
}

export function checkFilePath(param: string, filePath: string): string {
  if (!filePath.startsWith("/")) throw invalid(param, `must be an absolute path, got ${JSON.stringify(filePath)}`);
  if (filePath.endsWith("/")) throw invalid(param, "must name a file, not a folder");
  if (filePath.split("/").some((part) => part === "." || part === "..")) throw invalid(param, "must not contain . or .. segments");
  return filePath;
}

export class FileTokens {
  private readonly tokens = new Map<string, FileToken>();

  issue(
    store: Store,
    acct: AccountRecord,
    contextId: string,
    filePath: string,
    kind: "upload" | "download",
  ): { token: string; expiresAt: number } {
    const ctx = findContext(acct, contextId);
    if (kind === "download" && !own(ctx.files, filePath)) throw fileNotFound(contextId, filePath);
    const now = store.now();
    for (const [t, info] of this.tokens) {
      if (info.expiresAt <= now) this.tokens.delete(t);
    }
    const token = hex(16);
    const expiresAt = now + URL_TTL_MS;
    this.tokens.set(token, { keyHash: acct.keyHash, contextId, filePath, kind, expiresAt });
    return { token, expiresAt };
  }

  /** The token's grant, or a not-found error when unknown, expired or of the other kind. */
  redeem(store: Store, token: string, kind: "upload" | "download"): FileToken {
    const info = this.tokens.get(token);
    if (!info || info.kind !== kind || info.expiresAt <= store.now()) {
      throw new LocalError("FileNotFound", "file URL not found or expired");
    }
    return info;
  }

  clear(): void {
    this.tokens.clear();
  }
}

/** Bytes of every file of the account, all contexts. */
export function storedBytes(acct: AccountRecord): number {
  let total = 0;
  for (const id of Object.keys(acct.contexts))
    for (const path of Object.keys(acct.contexts[id].files)) total += acct.contexts[id].files[path].size;
  return total;
}

/** Thrown when an upload would take an account past its storage quota. */
export class QuotaExceeded extends Error {}

/** Stores the bytes at the path (replacing a file there), refusing to pass `quotaBytes` for the account. */
export function putFile(
  store: Store,
  acct: AccountRecord,
  contextId: string,
  filePath: string,
  bytes: Buffer,
  quotaBytes = Number.POSITIVE_INFINITY,
): FileRecord {
  const ctx = findContext(acct, contextId);
  const now = store.now();
  const existing = own(ctx.files, filePath);
  const after = storedBytes(acct) - (existing?.size ?? 0) + bytes.length;
  if (after > quotaBytes) {
    throw new QuotaExceeded(
      `storing ${bytes.length} bytes at ${filePath} would bring this account to ${after} bytes; its quota is ${quotaBytes}`,
    );
  }
  const record: FileRecord = {
    fileId: existing?.fileId ?? newFileId(),
    filePath,
    size: bytes.length,
    createdAt: existing?.createdAt ?? now,
    modifiedAt: now,
    data: bytes.toString("base64"),
  };
  ctx.files[filePath] = record;
  ctx.lastUsedAt = now;
  return record;
}

export function getFile(acct: AccountRecord, contextId: string, filePath: string): FileRecord {
  const file = own(findContext(acct, contextId).files, filePath);
  if (!file) throw fileNotFound(contextId, filePath);
  return file;
}

export function deleteFile(acct: AccountRecord, contextId: string, filePath: string): void {
  const ctx = findContext(acct, contextId);
  if (!own(ctx.files, filePath)) throw fileNotFound(contextId, filePath);
  delete ctx.files[filePath];
}

export interface FolderEntry {
  name: string;
  path: string;
  type: "file" | "folder";
  file?: FileRecord;
}

/** Direct children of `parent` ("" = "/"): files, and sub-folders implied by deeper files. */
export function listFolder(acct: AccountRecord, contextId: string, parent: string): FolderEntry[] {
  const ctx = findContext(acct, contextId);
  const base = parent === "" || parent === "/" ? "/" : parent.endsWith("/") ? parent : `${parent}/`;
  const folders = new Map<string, FolderEntry>();
  const files: FolderEntry[] = [];
  for (const file of Object.values(ctx.files)) {
    if (!file.filePath.startsWith(base)) continue;
    const rest = file.filePath.slice(base.length);
    const slash = rest.indexOf("/");
    if (slash < 0) {
      files.push({ name: rest, path: file.filePath, type: "file", file });
    } else {
      const name = rest.slice(0, slash);
      if (!folders.has(name)) folders.set(name, { name, path: `${base}${name}`, type: "folder" });
    }
  }
  return [...folders.values(), ...files].sort((a, b) => a.path.localeCompare(b.path));
}
