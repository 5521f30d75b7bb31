/**
 * Session ids that this provider process has been handed as belonging to resources in state (the
 * ids the engine passes to diff, read, update and delete).
 *
 * Why: create adopts a live session carrying its creation token, so that a session whose create
 * answer was lost (dropped connection, crashed engine) is not duplicated. But a replacement whose
 * replacement inputs did not change (`pulumi up --replace`, `replaceOnChanges`) computes the same
 * token while the old session is still live (create-before-delete); adopting it would hand the
 * engine the very session it is about to delete. The engine always diffs a resource before
 * replacing it, in the same host process, so the old id is known here by then. A session lost by a
 * crash was never in state, so a later run (a new process) still adopts it.
 */
const idsInState = new Set<string>();

/** Remembers that `id` belongs to a resource in state. */
export function noteSessionInState(id: string | undefined): void {
  if (id) idsInState.add(id);
}

/** True when `id` belongs to a resource in state (and so must not be adopted by a create). */
export function isSessionInState(id: string): boolean {
  return idsInState.has(id);
}
