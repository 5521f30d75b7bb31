/**
 * What a BrowserExtension create cut short leaves behind: its `ext_<hex>.zip`, uploaded under an id
 * drawn for that create alone, that no resource records (the provider host killed after the upload
 * and before the engine saved the id). The file alone cannot be told from another resource's, so
 * each create marks itself while it runs: before the upload it writes a small marker file
 * `<MARKER_FOLDER>/<extension id>` in the same context, and deletes it once the zip is in place,
 * just before it answers the engine. A marker that stays names a create that never answered.
 *
 * Every create then looks at the markers of its context (one listing) and ends each in one of the
 * ownership rule's states:
 * - deleted (the zip, then the marker) when it is older than the two-hour bound of
 *   leftover-age.ts: no create can still be running then, as every call has a deadline;
 * - reported by id (`<contextId>:/tmp/extensions/<id>`, in the `__agbSuspects` output the program
 *   prints as a warning) when it is younger: its create may still be running.
 * Ages are on the service's clock: the modification time of this create's own marker against the
 * other's. A kill in the moment between the marker's delete and the engine's save leaves a file
 * that nothing reports (no test can aim at that moment).
 */
import type { AgbApi, ContextFile } from "../../client/types";
import { deleteContextFileAt, listFolderFiles, listedName, uploadContextFile } from "../shared/context-file-transfer";
import { pastLeftoverBound } from "../shared/leftover-age";
import { contentBody } from "../shared/file-body";
import { describe, isNotFound } from "../shared/errors";

/** Where the markers of running creates live in an extension context (outside the extensions folder). */
export const MARKER_FOLDER = "/.pulumi-agb/creating";

/** Extension ids whose create runs in this process: their markers are neither reported nor deleted. */
const runningHere = new Set<string>();

/** Writes the marker of a create of `extensionId`. */
export async function markCreating(api: AgbApi, contextId: string, extensionId: string): Promise<void> {
  runningHere.add(extensionId);
  await uploadContextFile(
    api,
    contextId,
    `${MARKER_FOLDER}/${extensionId}`,
    contentBody(`a pulumi-agb create of ${extensionId} is running\n`),
  );
}

/** Deletes the marker of a create of `extensionId` (the create is about to answer, or gave up). */
export async function unmark(api: AgbApi, contextId: string, extensionId: string): Promise<void> {
  await deleteContextFileAt(api, contextId, `${MARKER_FOLDER}/${extensionId}`);
  runningHere.delete(extensionId);
}

/**
 * Looks at the markers of other creates in the context (after this create wrote its own): deletes
 * the files of those past the bound, returns the resource ids (`<contextId>:<path>`) of the rest.
 * A failed listing throws an Error saying what was not looked at.
 */
export async function sweepExtensionLeftovers(api: AgbApi, contextId: string, ownId: string, extensionsFolder: string): Promise<string[]> {
  let found: ContextFile[];
  try {
    found = await listFolderFiles(api, contextId, MARKER_FOLDER);
  } catch (err) {
    throw new Error(`could not look for extension files left by creates cut short in context ${contextId} (${describe(err)})`);
  }
  const own = found.find((f) => listedName(f) === ownId);
  const reported: string[] = [];
  for (const marker of found) {
    const id = listedName(marker);
    if (id === ownId || runningHere.has(id) || !/^ext_[0-9a-f]{32}\.zip$/.test(id)) continue;
    const zip = `${extensionsFolder}/${id}`;
    // No own marker listed yet counts as young, as an unreadable time does: reported, never deleted.
    if (pastLeftoverBound(own?.gmtModified, marker.gmtModified)) {
      try {
        await deleteContextFileAt(api, contextId, zip);
        await deleteContextFileAt(api, contextId, `${MARKER_FOLDER}/${id}`);
        continue;
      } catch (err) {
        if (isNotFound(err)) continue; // the context is gone
      }
    }
    reported.push(`${contextId}:${zip}`);
  }
  return reported;
}

/** The warning that names reported leftovers and how to resolve each. */
export function extensionLeftoverReport(contextId: string, ids: string[]): string {
  return (
    `extension file(s) ${ids.join(", ")} were uploaded into context ${contextId} by a BrowserExtension create that has not ` +
    `finished: one cut short (a provider host killed during the create) or one running now. No resource records them. ` +
    `If no \`pulumi up\` is creating extensions in this context, delete each with the AGB SDK (delete the context file at ` +
    `its path, and its marker under ${MARKER_FOLDER}/); a BrowserExtension create in this context more than two hours ` +
    `after they were made deletes them itself.`
  );
}
