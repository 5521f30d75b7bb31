/** Ordering of deletes: a resource goes only after everything that depends on it (or is its child) is gone. */
import type { ResourceState } from "./state-file";
import type { Semaphore } from "./semaphore";

/**
 * Deletes `targets` in reverse dependency order, as many at once as the semaphore allows. `remaining`
 * is every resource still in state (targets included): a target waits for any remaining resource
 * that depends on it. Stops starting new deletes after the first failure and rethrows it.
 */
export async function deleteInReverseOrder(
  targets: ResourceState[],
  remaining: () => ResourceState[],
  del: (r: ResourceState) => Promise<void>,
  sem: Semaphore,
): Promise<void> {
  const pending = new Set(targets);
  const running = new Set<ResourceState>();
  let failure: unknown;
  const dependsOn = (r: ResourceState, target: ResourceState) =>
    r !== target && r.urn !== target.urn && (r.parent === target.urn || r.dependencies.includes(target.urn));
  // A pending-delete copy shares its URN with its replacement; only live resources pointing at the
  // URN hold it back, and the replacement itself never does.
  const blocked = (t: ResourceState) => remaining().some((r) => r !== t && dependsOn(r, t) && (pending.has(r) || running.has(r)));
  while (pending.size || running.size) {
    if (failure) break;
    const ready = [...pending].filter((t) => !blocked(t));
    if (!ready.length && !running.size) {
      // A cycle cannot happen with program-declared dependencies; fall back to any order.
      ready.push(...pending);
    }
    if (!ready.length) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    await new Promise<void>((resolveWave) => {
      let left = ready.length;
      for (const t of ready) {
        pending.delete(t);
        running.add(t);
        sem
          .run(() => del(t))
          .catch((e) => (failure ??= e))
          .finally(() => {
            running.delete(t);
            if (--left === 0) resolveWave();
          });
      }
    });
  }
  if (failure) throw failure;
}
