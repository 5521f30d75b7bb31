/**
 * One writer per path, across stacks. AGB has no call that writes a file only if it is absent, so
 * two creates (two stacks, or two developers' copies of one stack) that look at a free path at the
 * same moment would both upload and both record the one file; removing it from either stack would
 * then delete the file the other still records. A ContextFile create (without `adoptExisting`)
 * therefore claims the path first:
 *
 *   write mark  ->  list marks  ->  another live mark?  --yes-->  delete own mark, refuse (names it)
 *                                        | no
 *                                        v
 *                        look at the path, upload  ->  delete own mark
 *
 * The mark is a small file `<WRITING_FOLDER>/<path key>.<random>` in the same context. Of two
 * creates, the one that lists second sees the first's mark (or, once the first has finished, its
 * file), so at most one uploads; when both list after both wrote, both refuse, and a later `up`
 * lets one through. This holds when the listing shows a file once its upload has answered, which
 * agb-local does; AGB may lag (docs/agb-protocol.md §13), so a create waits until its own mark is
 * listed before it looks at the others (untested against AGB itself).
 *
 * A mark left by a create cut short (a killed host) blocks its path for at most
 * the two-hour bound of leftover-age.ts (ages on AGB's clock, an unreadable time counts as young);
 * older marks are deleted. A create with `adoptExisting` (its user states no other resource manages
 * the path) skips the claim and deletes the marks of its path once it has written.
 */
import { createHash, randomBytes } from "node:crypto";
import type { AgbApi, ContextFile } from "../../client/types";
import { describe } from "../shared/errors";
import { deleteContextFileAt, listFolderFiles, listedName, uploadContextFile } from "../shared/context-file-transfer";
import { contentBody } from "../shared/file-body";
import { pastLeftoverBound } from "../shared/leftover-age";

/** Where the marks of running ContextFile creates live, beside the BrowserExtension creates' marks. */
export const WRITING_FOLDER = "/.pulumi-agb/writing";

/** Listings of the marks while waiting for this create's own mark to show (one a second). */
const OWN_MARK_LISTINGS = 10;
const OWN_MARK_POLL_MS = 1_000;

/** The part of a mark's name that names the path (a digest: paths may hold any characters). */
export function pathKey(path: string): string {
  return createHash("sha256").update(path, "utf8").digest("hex").slice(0, 32);
}

const marksOf = (files: ContextFile[], path: string) => files.filter((f) => listedName(f).startsWith(`${pathKey(path)}.`));

async function deleteMark(api: AgbApi, contextId: string, name: string): Promise<void> {
  await deleteContextFileAt(api, contextId, `${WRITING_FOLDER}/${name}`);
}

/** The marks of `path` as listed once this create's own mark `own` shows among them. */
async function marksOnceOwnIsListed(api: AgbApi, contextId: string, path: string, own: string): Promise<ContextFile[]> {
  for (let listing = 1; ; listing++) {
    const marks = marksOf(await listFolderFiles(api, contextId, WRITING_FOLDER), path);
    if (marks.some((m) => listedName(m) === own)) return marks;
    if (listing >= OWN_MARK_LISTINGS) {
      throw new Error(`its mark ${WRITING_FOLDER}/${own} did not show in the context's listing after ${OWN_MARK_LISTINGS} listings`);
    }
    await new Promise((resolve) => setTimeout(resolve, OWN_MARK_POLL_MS));
  }
}

/** The refusal when another create's mark is live. */
function otherWriterError(contextId: string, path: string, other: ContextFile): Error {
  return new Error(
    `Another create is writing ${path} in context ${contextId}, or one was cut short while writing it (its mark ` +
      `${WRITING_FOLDER}/${listedName(other)}, made ${other.gmtModified ?? "at an unknown time"}); two resources must not hold ` +
      `one file, so nothing was written. If another stack manages this path, give one of them another path. If none does, ` +
      `run pulumi up again (a mark more than two hours old is cleared), or set adoptExisting: true to take the path over now.`,
  );
}

/**
 * Runs `write` (the look at the path and the upload) under a claim on `path`; refuses before it when
 * another create's mark is live. The own mark is deleted whatever `write` does; when `write` failed, a
 * mark that cannot be deleted is named in the error.
 */
export async function underWriteClaim<T>(api: AgbApi, contextId: string, path: string, write: () => Promise<T>): Promise<T> {
  const own = `${pathKey(path)}.${randomBytes(8).toString("hex")}`;
  let result: T;
  try {
    await uploadContextFile(
      api,
      contextId,
      `${WRITING_FOLDER}/${own}`,
      contentBody(`a pulumi-agb ContextFile create is writing ${path}\n`),
    );
    let marks: ContextFile[];
    try {
      marks = await marksOnceOwnIsListed(api, contextId, path, own);
    } catch (err) {
      throw new Error(`Could not claim ${path} in context ${contextId} before writing it: ${describe(err)}`);
    }
    const ownTime = marks.find((m) => listedName(m) === own)?.gmtModified;
    for (const other of marks) {
      if (listedName(other) === own) continue;
      if (pastLeftoverBound(ownTime, other.gmtModified)) await deleteMark(api, contextId, listedName(other));
      else throw otherWriterError(contextId, path, other);
    }
    result = await write();
  } catch (err) {
    await deleteMark(api, contextId, own).catch((cleanup) => {
      (err as Error).message +=
        ` Its mark ${WRITING_FOLDER}/${own} could not be deleted (${describe(cleanup)}); a create of this path more than two hours from now deletes it.`;
    });
    throw err;
  }
  // The file is written: it is recorded whatever happens to the mark. A mark that cannot be deleted
  // only holds the path for two hours after the resource is gone (its message says so).
  await deleteMark(api, contextId, own).catch(() => undefined);
  return result;
}

/** Deletes the marks of `path` (after a create with `adoptExisting` wrote it: its user states no one else writes there). */
export async function clearWriteMarks(api: AgbApi, contextId: string, path: string): Promise<void> {
  for (const mark of marksOf(await listFolderFiles(api, contextId, WRITING_FOLDER), path))
    await deleteMark(api, contextId, listedName(mark));
}
