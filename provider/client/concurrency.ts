/**
 * One concurrency limit shared by every AGB call in the process: the Pulumi provider host runs
 * many resources at once, and each client instance must not open its own burst of requests.
 * A slot is held only while a request is in flight (never during a retry backoff).
 */

/**
 * Default budget of AGB requests in flight for one Pulumi operation, shared by the provider host and
 * the program process (lookups and ownership claims run in the program); `AGB_MAX_CONCURRENCY`
 * overrides it. Default: 16.
 */
export const DEFAULT_MAX_CONCURRENCY = 16;
/** The program process's share of the budget (see {@link useProgramShare}). Default: 2. */
export const PROGRAM_SHARE = 2;

/** Counters of the shared limiter (for benchmarks and tests). */
export interface ConcurrencyStats {
  /** Configured limit. */
  limit: number;
  /** Requests in flight now. */
  inFlight: number;
  /** Callers waiting for a slot now. */
  waiting: number;
  /** Highest number of requests in flight observed since the last reset. */
  maxInFlightObserved: number;
  /** Slots granted since the last reset. */
  acquired: number;
}

/** A counting semaphore whose waiters give up at a deadline. */
export class Semaphore {
  private inFlight = 0;
  private maxObserved = 0;
  private acquired = 0;
  private readonly queue: Array<{ grant: () => void }> = [];

  constructor(readonly limit: number) {}

  /**
   * A slot at once, with no promise or timer, when one is free and nobody is queued (the common
   * case on every request); undefined otherwise (then {@link acquire} waits in order).
   */
  tryAcquire(): (() => void) | undefined {
    return this.inFlight < this.limit && this.queue.length === 0 ? this.take() : undefined;
  }

  /**
   * Waits for a slot. Resolves with a release function (idempotent), or rejects with
   * `onTimeout()` when no slot frees up within `timeoutMs`.
   */
  acquire(timeoutMs: number, onTimeout: () => Error): Promise<() => void> {
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.take());
        },
      };
      const timer = setTimeout(
        () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(onTimeout());
        },
        Math.max(0, timeoutMs),
      );
      this.queue.push(waiter);
    });
  }

  stats(): ConcurrencyStats {
    return {
      limit: this.limit,
      inFlight: this.inFlight,
      waiting: this.queue.length,
      maxInFlightObserved: this.maxObserved,
      acquired: this.acquired,
    };
  }

  resetStats(): void {
    this.maxObserved = this.inFlight;
    this.acquired = 0;
  }

  private take(): () => void {
    this.inFlight++;
    this.acquired++;
    this.maxObserved = Math.max(this.maxObserved, this.inFlight);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      const next = this.queue.shift();
      if (next) next.grant();
    };
  }
}

function budgetFromEnv(): number {
  const raw = process.env.AGB_MAX_CONCURRENCY;
  const parsed = raw === undefined ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : DEFAULT_MAX_CONCURRENCY;
}

let shared: Semaphore | undefined;
let programProcess = false;

/**
 * Marks this process as a Pulumi program (called before its first AGB request): it then takes
 * {@link PROGRAM_SHARE} of the budget and every other process (the provider host) the rest, so the
 * two together never exceed the budget.
 */
export function useProgramShare(): void {
  if (programProcess) return;
  programProcess = true;
  if (shared && shared.stats().acquired === 0) shared = undefined;
}

/** This process's limit: its share of the budget (at least 1). */
function processLimit(): number {
  const budget = budgetFromEnv();
  const share = Math.min(PROGRAM_SHARE, Math.max(1, budget - 1));
  return programProcess ? share : Math.max(1, budget - share);
}

/** The process-wide limiter, created on first use (so `AGB_MAX_CONCURRENCY` is read then). */
export function sharedLimiter(): Semaphore {
  shared ??= new Semaphore(processLimit());
  return shared;
}

/** Statistics of the process-wide limiter. */
export function getConcurrencyStats(): ConcurrencyStats {
  return sharedLimiter().stats();
}

/** Resets the observed maximum and the acquired count (between benchmark runs). */
export function resetConcurrencyStats(): void {
  sharedLimiter().resetStats();
}
