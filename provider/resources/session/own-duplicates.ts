/**
 * Sessions a create call made by itself and does not keep: the extra sessions of its own lost
 * createSession answers (labelled with its random attempt id, so nothing else can carry it), and a
 * session it could not mark as handed over. Neither was ever handed to an engine, so releasing them
 * loses nothing of anyone's.
 */
import type { AgbApi } from "../../client/types";
import { isNotFound } from "../shared/errors";
import { deleteResolvingAmbiguity } from "../shared/resolve-ambiguous-delete";
import { ATTEMPT_LABEL } from "./labels";
import { GONE_STATUSES } from "./state";

/** Releases one session that never reached any state (no upload: no user ever worked in it). */
export async function releaseUnhanded(api: AgbApi, sessionId: string): Promise<void> {
  await deleteResolvingAmbiguity({
    send: () => api.releaseSessionAsync(sessionId),
    isGone: async () => GONE_STATUSES.has((await api.getSessionInfo(sessionId)).status),
  });
}

/**
 * Releases every live session with the attempt id but `keep` (one ListSession). A duplicate the
 * service does not list yet is not seen here; delete looks again with the same attempt id.
 * Returns the ids released.
 */
export async function releaseOwnDuplicates(api: AgbApi, attemptId: string, keep: string): Promise<string[]> {
  const extra: string[] = [];
  for await (const item of api.listSessions({ labels: { [ATTEMPT_LABEL]: attemptId } })) {
    if (item.sessionId !== keep && !GONE_STATUSES.has(item.sessionStatus)) extra.push(item.sessionId);
  }
  for (const id of extra) {
    try {
      await releaseUnhanded(api, id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return extra;
}
