/**
 * The whole mutable state of agb-local plus the clock and timing it is evaluated against.
 * Accounts are created lazily per API-key hash (moto-style backend map).
 */
import { keyed, own } from "./keyed";
import { Clock } from "../clock";
import { sessionStatus } from "./lifecycle";
import { DEFAULT_TIMING } from "./timing";
import type { Timing } from "./timing";
import { emptyCounters } from "./types";
import type { AccountRecord, Snapshot } from "./types";

export class Store {
  state: Snapshot;
  readonly clock: Clock;
  timing: Timing;
  /** Timing as given at start; `reset()` returns to it. */
  private readonly startTiming: Timing;

  constructor(timing: Partial<Timing> = {}, snapshot?: Snapshot) {
    this.startTiming = { ...DEFAULT_TIMING, ...timing };
    this.timing = { ...this.startTiming };
    this.state = snapshot ?? Store.emptyState();
    this.clock = new Clock(this.state.clockOffsetMs);
  }

  static emptyState(): Snapshot {
    return { version: 1, seq: 0, clockOffsetMs: 0, counters: emptyCounters(), accounts: keyed() };
  }

  now(): number {
    return this.clock.now();
  }

  nextSeq(): number {
    return ++this.state.seq;
  }

  /** The account of a key hash, created on first use. */
  account(keyHash: string): AccountRecord {
    let acct = own(this.state.accounts, keyHash);
    if (!acct) {
      acct = { keyHash, sessions: keyed(), contexts: keyed(), tasks: [] };
      this.state.accounts[keyHash] = acct;
    }
    return acct;
  }

  /** Drops sessions past FINISH visibility (and their tasks); cheap enough to run on listings. */
  sweep(acct: AccountRecord): void {
    const now = this.now();
    let removed = false;
    for (const id in acct.sessions) {
      if (sessionStatus(acct.sessions[id], now, this.timing) === "GONE") {
        delete acct.sessions[id];
        removed = true;
      }
    }
    if (removed) acct.tasks = acct.tasks.filter((t) => own(acct.sessions, t.sessionId) !== undefined);
  }

  /** Everything back to the start: accounts, counters, clock offset, timing. */
  reset(): void {
    this.state = Store.emptyState();
    this.clock.reset();
    this.timing = { ...this.startTiming };
  }

  /** The state to persist (the clock offset is copied in at snapshot time). */
  snapshot(): Snapshot {
    this.state.clockOffsetMs = this.clock.offsetMs;
    return this.state;
  }
}
