/**
 * The AGB side of a context file: upload through a fresh pre-signed URL (a new one per attempt, as
 * an expired or refused URL is answered 403/404), and finding the file in its folder's listing.
 */
import { posix } from "node:path";
import type { AgbApi, ContextFile } from "../../client/types";
import type { FileBody } from "./file-body";
import { FileUploadError, putToUrl } from "./file-upload";
import { deleteResolvingAmbiguity } from "./resolve-ambiguous-delete";

/** PUT attempts per upload (each with its own URL). */
const MAX_UPLOAD_ATTEMPTS = 3;
/** DescribeContextFiles page size (the SDK lists extensions 100 at a time). */
const LIST_PAGE_SIZE = 100;
/** Pages read at most when looking for one file (100,000 entries in one folder). */
const MAX_LIST_PAGES = 1000;

/** Uploads the body to `path` in the context; resolves with what was sent. */
export async function uploadContextFile(
  api: AgbApi,
  contextId: string,
  path: string,
  body: FileBody,
): Promise<{ sha256: string; size: number }> {
  for (let attempt = 1; ; attempt++) {
    const { url } = await api.getContextFileUploadUrl(contextId, path);
    try {
      return await putToUrl(url, body);
    } catch (err) {
      if (!(err instanceof FileUploadError) || !err.retryable || attempt >= MAX_UPLOAD_ATTEMPTS) {
        throw new Error(
          `Uploading ${path} into context ${contextId} failed${attempt > 1 ? ` after ${attempt} attempts` : ""}: ${(err as Error).message}`,
        );
      }
    }
  }
}

/** The listing entry of the file, or undefined when its folder does not list it. NotFound (context gone) propagates. */
export async function findContextFile(api: AgbApi, contextId: string, path: string): Promise<ContextFile | undefined> {
  const parentFolderPath = posix.dirname(path);
  const name = posix.basename(path);
  let seen = 0;
  for (let pageNumber = 1; pageNumber <= MAX_LIST_PAGES; pageNumber++) {
    const { files, count } = await api.describeContextFiles({ contextId, parentFolderPath, pageNumber, pageSize: LIST_PAGE_SIZE });
    const hit = files.find((f) => f.filePath === path || (!f.filePath && f.fileName === name));
    if (hit) return hit;
    seen += files.length;
    if (files.length < LIST_PAGE_SIZE || seen >= count) return undefined;
  }
  throw new Error(`Listing ${parentFolderPath} in context ${contextId} did not end after ${MAX_LIST_PAGES} pages`);
}

/** The files (not folders) directly in a folder of the context, every page. NotFound (context gone) propagates. */
export async function listFolderFiles(api: AgbApi, contextId: string, folder: string): Promise<ContextFile[]> {
  const found: ContextFile[] = [];
  let seen = 0;
  for (let pageNumber = 1; pageNumber <= MAX_LIST_PAGES; pageNumber++) {
    const { files, count } = await api.describeContextFiles({ contextId, parentFolderPath: folder, pageNumber, pageSize: LIST_PAGE_SIZE });
    found.push(...files.filter((f) => f.fileType !== "folder"));
    seen += files.length;
    if (files.length < LIST_PAGE_SIZE || seen >= count) return found;
  }
  throw new Error(`Listing ${folder} in context ${contextId} did not end after ${MAX_LIST_PAGES} pages`);
}

/** The name of a listed file (AGB may leave `fileName` empty). */
export function listedName(file: ContextFile): string {
  return file.fileName || posix.basename(file.filePath);
}

/** Names of the files directly in a folder of the context, every page. NotFound (context gone) propagates. */
export async function listFolderFileNames(api: AgbApi, contextId: string, folder: string): Promise<Set<string>> {
  return new Set((await listFolderFiles(api, contextId, folder)).map(listedName));
}

/** Deletes a file of the context, settling a lost answer by looking (resolve-ambiguous-delete.ts); gone already is success. */
export async function deleteContextFileAt(api: AgbApi, contextId: string, path: string): Promise<void> {
  await deleteResolvingAmbiguity({
    send: () => api.deleteContextFile(contextId, path),
    isGone: async () => (await findContextFile(api, contextId, path)) === undefined,
  });
}
