/** Ordering of deletes: a resource goes only after everything that depends on it (or is its child) is gone. */
import type { ResourceState } from "./state-file";
import type { Semaphore } from "./semaphore";

/**
 * Deletes `targets` in reverse dependency order, as many at once as the semaphore allows. A target
 * waits for every other target that depends on it (as a child or through its dependencies); each
 * delete starts the moment its last dependent is gone (no waves, and O(targets + edges) overall).
 * Stops starting new deletes after the first failure, waits for the running ones and rethrows it.
 */
export async function deleteInReverseOrder(
  targets: ResourceState[],
  del: (r: ResourceState) => Promise<void>,
  sem: Semaphore,
): Promise<void> {
  const byUrn = new Map<string, ResourceState[]>();
  for (const t of targets) byUrn.set(t.urn, [...(byUrn.get(t.urn) ?? []), t]);
  /** How many targets still hold each target back, and whom each target holds back. */
  const blockers = new Map<ResourceState, number>(targets.map((t) => [t, 0]));
  const holds = new Map<ResourceState, ResourceState[]>(targets.map((t) => [t, []]));
  for (const r of targets) {
    // A pending-delete copy shares its URN with its replacement; the replacement never holds it.
    for (const urn of new Set([r.parent, ...r.dependencies])) {
      if (!urn || urn === r.urn) continue;
      for (const t of byUrn.get(urn) ?? []) {
        blockers.set(t, blockers.get(t)! + 1);
        holds.get(r)!.push(t);
      }
    }
  }
  let failure: unknown;
  let running = 0;
  const started = new Set<ResourceState>();
  return new Promise<void>((resolve, reject) => {
    const settleIfDone = () => {
      if (running > 0) return;
      if (failure) return reject(failure);
      const left = targets.filter((t) => !started.has(t));
      // A cycle cannot happen with program-declared dependencies; fall back to any order.
      if (left.length) left.forEach(start);
      else resolve();
    };
    const start = (t: ResourceState) => {
      if (started.has(t) || failure) return;
      started.add(t);
      running++;
      sem
        .run(() => del(t))
        .then(
          () => {
            for (const next of holds.get(t)!) {
              const n = blockers.get(next)! - 1;
              blockers.set(next, n);
              if (n === 0) start(next);
            }
          },
          (e: unknown) => {
            failure ??= e;
          },
        )
        .finally(() => {
          running--;
          settleIfDone();
        });
    };
    for (const t of targets) if (blockers.get(t) === 0) start(t);
    settleIfDone();
  });
}
