/**
 * What the ownership tests of contexts, context files and extension files count under the real
 * CLI: the files in a folder of a context, a file's bytes, and the ownership counts of one kind.
 */
import { directClient } from "../support/handler-helpers";
import type { PerFileLocal } from "../support/per-file-local";
import { CONTEXT_TYPE, recordedIds } from "./cli-stack";
import type { CliStack } from "./cli-stack";

/** The ownership counts of one kind: `recorded` ids (from every stack's state, with repeats) against `live` ids in AGB. */
export function ownershipCounts(recorded: string[], live: string[]) {
  const unique = new Set(recorded);
  return {
    live: live.length,
    recorded: recorded.length,
    shared: recorded.length - unique.size,
    deletedWhileHeld: [...unique].filter((id) => !live.includes(id)).length,
    leaked: live.filter((id) => !unique.has(id)).length,
  };
}

/** No object of the kind, in AGB or in state. */
export const NONE = { live: 0, recorded: 0, shared: 0, deletedWhileHeld: 0, leaked: 0 };
/** One object of the kind, recorded once. */
export const ONE = { live: 1, recorded: 1, shared: 0, deletedWhileHeld: 0, leaked: 0 };
/** Two objects of the kind, each recorded once. */
export const TWO = { live: 2, recorded: 2, shared: 0, deletedWhileHeld: 0, leaked: 0 };

/** The files (not folders) in a folder of a context, as `<contextId>:<path>` (the ContextFile/BrowserExtension resource id). */
export async function liveFiles(agb: PerFileLocal, key: string, contextId: string, folder: string): Promise<string[]> {
  const { files } = await directClient(agb.url, key).describeContextFiles({ contextId, parentFolderPath: folder });
  return files.filter((f) => f.fileType !== "folder").map((f) => `${contextId}:${f.filePath}`);
}

/** The bytes of a file of a context, through its download URL. */
export async function fileText(agb: PerFileLocal, key: string, contextId: string, path: string): Promise<string> {
  const { url } = await directClient(agb.url, key).getContextFileDownloadUrl(contextId, path);
  return (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
}

/** The counts of the Contexts the stacks record against the contexts in AGB. */
export async function contextCounts(agb: PerFileLocal, ...stacks: CliStack[]) {
  return ownershipCounts(
    await recordedIds(CONTEXT_TYPE, ...stacks),
    (await agb.control.contexts()).map((c) => c.id),
  );
}

/** The counts of the stacks' resources of `type` against the files in `folder` of a context. */
export async function fileCounts(agb: PerFileLocal, key: string, contextId: string, folder: string, type: string, ...stacks: CliStack[]) {
  return ownershipCounts(await recordedIds(type, ...stacks), await liveFiles(agb, key, contextId, folder));
}
