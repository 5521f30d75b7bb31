/**
 * Status words leave the client in one casing, whatever casing the service answers in.
 * Why: the AGB sources disagree (docs/agb-protocol.md §6 and §18 question 4: `RUNNING` in the Python SDK's
 * mocks and ListSession, `Running` in the TypeScript SDK's mocks), and a waiter comparing exactly
 * would wait out its whole deadline on a session that is running. Every comparison in the client
 * and the provider then sees the documented casing below; the words themselves are not checked.
 */

/** Session status (getSession, getSessionInfo, ListSession): upper case, e.g. `RUNNING`, `FINISH`. */
export function canonicalSessionStatus(status: string): string {
  return status.toUpperCase();
}

/** Sync task status (GetContextInfo): first letter upper, rest lower, e.g. `Success`, `Failed`. */
export function canonicalTaskStatus(status: string): string {
  const lower = status.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Sync task type, context state: lower case, e.g. `upload`, `available`, `pre-available`. */
export function canonicalLowerWord(word: string): string {
  return word.toLowerCase();
}
