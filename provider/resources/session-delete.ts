/**
 * Session delete: upload what the syncs would upload (when `syncOnDelete`), refuse to release if
 * that upload failed (the data would be lost), then release and wait until the session is gone.
 */
import { noteSessionInState } from "./sessions-in-state";
import { latestPerSync } from "./session-create";
import { waitForSessionGone, waitForSyncTasks } from "../client/index";
import type { AgbApi, SyncTask } from "../client/types";
import { configuredEndpoint, getApi } from "../config";
import { assertSameBackend, describe, isNotFound } from "./errors";
import { deleteResolvingAmbiguity } from "./resolve-ambiguous-delete";
import { DEFAULT_TIMEOUT_SECONDS } from "./session-schema";
import { canonicalFrom, GONE_STATUSES, storedSessionInputs } from "./session-state";
import { uploadEnabledSyncs } from "./session-wire";

async function uploadBeforeRelease(api: AgbApi, id: string, syncs: Array<{ contextId: string; path: string }>, deadline: number): Promise<void> {
  const advice =
    "The session was NOT released, so nothing is lost. Fix the cause and destroy again, or set syncOnDelete: false " +
    "(and run `pulumi up`) to release it without uploading.";
  let tasks: SyncTask[];
  try {
    await api.syncContext({ sessionId: id, mode: "upload" });
    tasks = await waitForSyncTasks(api, { sessionId: id, taskType: "upload" }, { timeoutMs: Math.max(0, deadline - Date.now()) });
  } catch (err) {
    throw new Error(`Session ${id}: uploading its context data before release did not finish: ${describe(err)}. ${advice}`);
  }
  const latest = latestPerSync(tasks);
  const failed: string[] = [];
  for (const s of syncs) {
    const t = latest.get(`${s.contextId}\n${s.path}`);
    if (t?.status === "Failed") failed.push(`context ${s.contextId} at ${s.path}${t.errorMessage ? ` (${t.errorMessage})` : ""}`);
  }
  if (failed.length > 0) {
    throw new Error(`Session ${id}: uploading its data before release failed for ${failed.join(", ")}; releasing now would lose that data. ${advice}`);
  }
}

/** The dynamic provider's delete. A session already released or unknown is a successful delete. */
export async function deleteSession(id: string, props: Record<string, unknown>): Promise<void> {
  noteSessionInState(id);
  assertSameBackend("Session", id, props?.endpoint, configuredEndpoint());
  const api = getApi();
  // Tolerant here: a session already gone is deleted whatever its stored state says.
  const seconds = (canonicalFrom(props)?.timeouts as { delete?: number } | undefined)?.delete ?? DEFAULT_TIMEOUT_SECONDS;
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
    // What to upload comes from the stored inputs: if they no longer parse, stop before uploading or
    // releasing anything (releasing on a guess could lose the data the syncs were meant to keep).
    const canonical = storedSessionInputs(id, props, "delete");
    const syncs = canonical.syncOnDelete !== false ? uploadEnabledSyncs(canonical) : [];
    if (syncs.length > 0) await uploadBeforeRelease(api, id, syncs, deadline);
    await deleteResolvingAmbiguity({
      send: () => api.releaseSessionAsync(id),
      isGone: async () => GONE_STATUSES.has((await api.getSessionInfo(id)).status),
      deadline,
    });
  }
  await waitForSessionGone(api, id, { timeoutMs: Math.max(0, deadline - Date.now()) });
}
