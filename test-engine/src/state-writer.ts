/**
 * Coalesced state writes. Saving the whole state after every step made an operation quadratic in
 * the stack size (bench 4/5). Instead each step marks the state dirty; one writer writes the latest
 * snapshot (temp file + rename), never more than one write in flight, and the operation always ends
 * with flush(), on success and on failure, so a failed run still knows what exists.
 *
 * A create or update is answered to the program only after a flush that covers it (deployment.ts,
 * as the real engine does), so concurrent steps share a write and the program never sees an id
 * that is not on disk. A session whose create answered but which is not yet saved when the engine
 * dies is in no state; the next create of that resource names it by id (docs/ownership.md).
 */
import type { StackState, StateStore } from "./state-file";

export class StateWriter {
  private snapshot: (() => StackState) | undefined;
  private dirty = false;
  private inFlight: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(private readonly store: StateStore) {}

  /** The state changed; `snapshot` is read when the write starts, so the latest state wins. */
  mark(snapshot: () => StackState): void {
    this.snapshot = snapshot;
    this.dirty = true;
    this.inFlight ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty) {
        // Let the steps finishing in this turn of the event loop land in the same write.
        await new Promise<void>((r) => setImmediate(r));
        this.dirty = false;
        await this.store.saveAsync(this.snapshot!());
      }
    } catch (e) {
      this.failure ??= new Error(`cannot write the state file ${this.store.path}: ${(e as Error).message}`);
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Waits until everything marked so far is on disk; throws if a write failed. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.failure) throw this.failure;
  }
}
