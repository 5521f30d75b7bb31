/**
 * Deletes whose answer may be lost. The client never replays a delete on its own (a repeat of a
 * delete that landed is answered NotFound, which would turn a success into an error), so the
 * handlers settle an ambiguous failure (reset, timeout, 5xx) by looking: gone means the delete
 * took effect; still there means it did not, so it is sent again.
 */
import { isAmbiguous, isNotFound } from "./errors";

/** Deletes sent at most: the first and three more, each after a lookup. */
const MAX_DELETE_ATTEMPTS = 4;

/** How to send one delete and how to tell that its target is gone. */
export interface AmbiguousDelete {
  /** Sends the delete once. */
  send: () => Promise<void>;
  /** True when the target is gone or going; a NotFound thrown here also means gone. */
  isGone: () => Promise<boolean>;
  /** No new attempt after this time (ms since the epoch). Default: none beyond the attempt bound. */
  deadline?: number;
}

/** Sends the delete until it is known to have taken effect; NotFound at any point is success. */
export async function deleteResolvingAmbiguity(d: AmbiguousDelete): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await d.send();
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      const outOfTime = d.deadline !== undefined && Date.now() >= d.deadline;
      if (!isAmbiguous(err) || attempt >= MAX_DELETE_ATTEMPTS || outOfTime) throw err;
    }
    try {
      if (await d.isGone()) return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isAmbiguous(err)) throw err;
    }
  }
}
