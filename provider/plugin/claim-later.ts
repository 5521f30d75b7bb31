/**
 * The plugin form's claim (provider.ts says why it cannot happen when the create answers): the
 * first diff that carries a session with `__agbClaimPending` from the stack's state marks it
 * claimed. The live labels are read first and only the claim label is added to them, so a label
 * changed out of band since stays as it is, for refresh to show as drift. A failure is a warning:
 * the session is recorded either way, and the next diff tries again.
 */
import { getApi } from "../config";
import { describe } from "../resources/errors";
import { CLAIM_LABEL, CLAIMED } from "../resources/session/labels";
import { CLAIM_PENDING_KEY } from "../resources/session/state";
import { warnOn } from "./engine-log";

/** Sessions claimed by this process: the flag stays in state until an update or refresh rewrites it, so each is asked once per run. */
const claimedHere = new Set<string>();

/** Claims the session when its stored outputs say the claim is pending; returns the outputs the handlers should see. */
export async function claimIfPending(id: string, urn: string, olds: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (olds?.[CLAIM_PENDING_KEY] !== true) return olds;
  // Without the flag the handler's diff plans no update just to claim: it is done here.
  const { [CLAIM_PENDING_KEY]: _pending, ...rest } = olds;
  if (claimedHere.has(id)) return rest;
  try {
    const api = getApi();
    const live = await api.getLabels(id);
    if (live[CLAIM_LABEL] !== undefined && live[CLAIM_LABEL] !== CLAIMED) await api.setLabels(id, { ...live, [CLAIM_LABEL]: CLAIMED });
    claimedHere.add(id);
  } catch (err) {
    await warnOn(
      urn,
      `could not mark session ${id} as owned (${describe(err)}); it is recorded in the stack and nothing else takes it; the next preview or up tries again`,
    );
  }
  return rest;
}
