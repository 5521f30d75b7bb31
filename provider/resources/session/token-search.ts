/**
 * What a create finds under its creation token before it makes a session, and after an ambiguous
 * createSession. The claim label (labels.ts) sorts what is found:
 *
 *   creating   never handed to any engine: an earlier create of this token was cut short (lost
 *              answer, host or `pulumi` killed). Taken back, so nothing is duplicated or leaked.
 *   unclaimed  handed to an engine, maybe recorded in a stack (a resource being replaced, a twin,
 *              another backend's stack with the same names, or an orphan of a crash right after
 *              the hand-over). Never taken: reported by id (a "suspect") with the commands that
 *              resolve it.
 *   claimed    owned by a resource: ignored.
 *
 * Sessions this process created or saw in state are neither taken nor reported (in-state.ts).
 */
import type { AgbApi } from "../../client/types";
import { CLAIM_LABEL, CREATING, TOKEN_LABEL, UNCLAIMED } from "./labels";
import { isSessionInState, noteSessionInState } from "./in-state";
import { GONE_STATUSES } from "./state";

/** What one search under a token found. */
export interface TokenSearch {
  /** A session an unfinished create made, now reserved for the caller; undefined when none. */
  takeBack?: string;
  /** Handed-over sessions with this token that this process does not know (reported, never taken). */
  suspects: string[];
}

/**
 * Lists the live sessions with the token (one ListSession; one GetLabel per session found that this
 * process does not know, which is none on a first create). The session taken back is reserved (noted
 * with no await between the check and the note), so two creates of one token in this process never
 * take the same one.
 */
export async function searchToken(api: AgbApi, token: string): Promise<TokenSearch> {
  const found: string[] = [];
  for await (const item of api.listSessions({ labels: { [TOKEN_LABEL]: token } })) {
    if (!GONE_STATUSES.has(item.sessionStatus) && !isSessionInState(item.sessionId)) found.push(item.sessionId);
  }
  const claims = await Promise.all(found.sort().map(async (id) => ({ id, claim: await claimOf(api, id) })));
  const suspects = claims.filter((c) => c.claim === UNCLAIMED).map((c) => c.id);
  const takeBack = claims.find((c) => c.claim === CREATING && !isSessionInState(c.id))?.id;
  noteSessionInState(takeBack);
  return { takeBack, suspects };
}

/** The claim label of a session; undefined when it is gone (or was never labelled). */
async function claimOf(api: AgbApi, id: string): Promise<string | undefined> {
  try {
    return (await api.getLabels(id))[CLAIM_LABEL];
  } catch {
    // Released between the listing and the read, or unreadable: neither taken nor reported.
    return undefined;
  }
}

/**
 * The text that reports suspects: their ids and how to resolve each. Shown as a warning on the
 * resource by the program (dynamic/session.ts), and in the provider host's output.
 */
export function suspectReport(resourceName: string, suspects: string[]): string {
  const ids = suspects.join(", ");
  return (
    `session(s) ${ids} carry the creation token of ${resourceName} and were handed to a Pulumi engine, but this ` +
    `create did not make them and no resource of this run holds them; they were left alone and a new session was ` +
    `made. If a stack holds one (the resource being replaced, a twin with the same name, another backend's stack ` +
    `with the same names) nothing needs doing. If none does (an \`up\` killed right after the create), take it over ` +
    `with \`adoptSessionId: "<id>"\` on a resource, or release it with the AGB SDK or console.`
  );
}
