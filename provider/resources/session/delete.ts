/**
 * Session delete: upload what the user marked for upload (when `syncOnDelete`), refuse to release
 * if that upload failed (the data would be lost), then release and wait until the session is gone.
 *
 * The upload is one SyncContext per marked sync (`contextId` + `path`, mode upload), as the SDK's
 * `ContextManager.sync(context_id, path, mode)` sends it (agbcloud-sdk python/agb/context_manager.py),
 * followed by a wait on that sync's tasks (GetContextInfo with the same `contextId` + `path`). A
 * SyncContext without `contextId`/`path` would upload every mount: syncs with autoUpload off, the
 * browser data with `browserContext.autoUpload: false`, and the extension mount.
 */
import { noteSessionInState } from "./in-state";
import { latestPerSync } from "./create";
import { waitForSessionGone, waitForSyncTasks } from "../../client/index";
import type { AgbApi } from "../../client/types";
import { configuredEndpoint, getApi } from "../../config";
import { assertSameBackend, describe, isNotFound } from "../shared/errors";
import { deleteResolvingAmbiguity } from "../shared/resolve-ambiguous-delete";
import { DEFAULT_TIMEOUT_SECONDS } from "./schema";
import { ATTEMPT_KEY, canonicalFrom, GONE_STATUSES, storedSessionInputs } from "./state";
import { releaseOwnDuplicates } from "./own-duplicates";
import { uploadEnabledSyncs } from "./wire";

const ADVICE =
  "The session was NOT released, so nothing is lost. Fix the cause and destroy again, or set syncOnDelete: false " +
  "(and run `pulumi up`) to release it without uploading.";

/** Uploads one marked sync and waits for its task; returns a failure text, or undefined when it succeeded. */
async function uploadOne(
  api: AgbApi,
  id: string,
  sync: { contextId: string; path: string },
  deadline: number,
): Promise<string | undefined> {
  const where = `context ${sync.contextId} at ${sync.path}`;
  try {
    await api.syncContext({ sessionId: id, contextId: sync.contextId, path: sync.path, mode: "upload" });
    const tasks = await waitForSyncTasks(
      api,
      { sessionId: id, contextId: sync.contextId, path: sync.path, taskType: "upload" },
      { timeoutMs: Math.max(0, deadline - Date.now()) },
    );
    // The latest task counts: an earlier destroy's failed upload must not block this one.
    const t = latestPerSync(tasks.filter((task) => task.contextId === sync.contextId && task.path === sync.path))
      .values()
      .next().value;
    if (t?.status === "Failed") return `${where}${t.errorMessage ? ` (${t.errorMessage})` : ""}`;
    return undefined;
  } catch (err) {
    return `${where}: ${describe(err)}`;
  }
}

/** Uploads every marked sync (concurrently), then refuses to go on if any failed. */
async function uploadBeforeRelease(
  api: AgbApi,
  id: string,
  syncs: Array<{ contextId: string; path: string }>,
  deadline: number,
): Promise<void> {
  const failed = (await Promise.all(syncs.map((s) => uploadOne(api, id, s, deadline)))).filter((f): f is string => f !== undefined);
  if (failed.length > 0) {
    throw new Error(
      `Session ${id}: uploading its data before release failed for ${failed.join(", ")}; releasing now would lose that data. ${ADVICE}`,
    );
  }
}

/**
 * The marked syncs whose mount holds the context: for a session whose create did not finish
 * (`ready: false`), a mount whose latest download did not succeed holds nothing (or part) of the
 * context, and uploading it would write that over the context. Those are left out, by name.
 */
async function mountsHoldingTheirContext(
  api: AgbApi,
  id: string,
  syncs: Array<{ contextId: string; path: string }>,
): Promise<{ upload: Array<{ contextId: string; path: string }>; skipped: string[] }> {
  const latest = latestPerSync(await api.getContextInfo({ sessionId: id, taskType: "download" }));
  const upload: Array<{ contextId: string; path: string }> = [];
  const skipped: string[] = [];
  for (const sync of syncs) {
    const task = latest.get(`${sync.contextId}\n${sync.path}`);
    if (task && task.status !== "Success") skipped.push(`context ${sync.contextId} at ${sync.path} (its download ${task.status})`);
    else upload.push(sync);
  }
  return { upload, skipped };
}

/** The dynamic provider's delete. A session already released or unknown is a successful delete. */
export async function deleteSession(id: string, props: Record<string, unknown>): Promise<void> {
  noteSessionInState(id);
  await release(id, props);
  // A create whose createSession answer was lost may have made a second session the service listed
  // only later (create.ts): it carries the same attempt id and nobody else holds it.
  if (typeof props?.[ATTEMPT_KEY] === "string") await releaseOwnDuplicates(getApi(), props[ATTEMPT_KEY] as string, id);
}

async function release(id: string, props: Record<string, unknown>): Promise<void> {
  assertSameBackend("Session", id, props?.endpoint, configuredEndpoint());
  const api = getApi();
  // Tolerant here: a session already gone is deleted whatever its stored state says.
  const timeouts = canonicalFrom(props)?.timeouts;
  const seconds = typeof timeouts === "object" && typeof timeouts.delete === "number" ? timeouts.delete : DEFAULT_TIMEOUT_SECONDS;
  const deadline = Date.now() + seconds * 1000;

  let status: string;
  try {
    status = (await api.getSessionInfo(id)).status;
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  if (status === "FINISH" || status === "DELETED") return;
  if (status !== "DELETING") {
    // A session that never became RUNNING never downloaded anything and ran nothing, so there is no
    // data to lose; the service refuses SyncContext on it (not found), so it is released as it is.
    const neverRan = status === "PENDING";
    // What to upload comes from the stored inputs: if they no longer parse, stop before uploading or
    // releasing anything (releasing on a guess could lose the data the syncs were meant to keep).
    const canonical = storedSessionInputs(id, props, "delete");
    let syncs = canonical.syncOnDelete !== false && !neverRan ? uploadEnabledSyncs(canonical) : [];
    if (syncs.length > 0 && props?.ready === false) {
      const { upload, skipped } = await mountsHoldingTheirContext(api, id, syncs);
      if (skipped.length > 0)
        console.error(`Session ${id}: not uploaded before release, because the mount never received its context: ${skipped.join(", ")}`);
      syncs = upload;
    }
    if (syncs.length > 0) await uploadBeforeRelease(api, id, syncs, deadline);
    await deleteResolvingAmbiguity({
      send: () => api.releaseSessionAsync(id),
      isGone: async () => GONE_STATUSES.has((await api.getSessionInfo(id)).status),
      deadline,
    });
  }
  await waitForSessionGone(api, id, { timeoutMs: Math.max(0, deadline - Date.now()) });
}
