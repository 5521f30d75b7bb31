/**
 * Session ids this provider process knows to be owned: ids the engine passed to diff, read, update
 * or delete (resources in state), and ids createSession answered in this process.
 *
 * Why, beside the claim label (create.ts, claim.ts): a session is claimed only once the engine has
 * recorded it, so until then another create in the same process with the same token (two resources with
 * one logical name under parents of different types, created at once) could adopt it; and a
 * session recorded without its claim (a partial failure) is still protected here once the engine
 * has handed its id over. A targeted replace (`pulumi up --replace`) calls no Diff before the
 * Create, so this set alone never protected that case: the claim label does.
 */
const idsInState = new Set<string>();

/** Remembers that `id` is owned (in state, or created by this process). */
export function noteSessionInState(id: string | undefined): void {
  if (id) idsInState.add(id);
}

/** True when `id` is owned (and so must not be adopted by a create). */
export function isSessionInState(id: string): boolean {
  return idsInState.has(id);
}
