/**
 * agb-local's clock: real time plus a controllable offset. Every lifecycle is evaluated lazily
 * from timestamps against this clock, so advancing it takes effect on the next request.
 */
export class Clock {
  /** Added to Date.now(); starts at 0 (or the persisted offset). */
  offsetMs: number;

  constructor(offsetMs = 0) {
    this.offsetMs = offsetMs;
  }

  /** Current agb-local time in epoch milliseconds. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the clock forward (never backward: lifecycles only move forward). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms must be a finite number >= 0, got ${ms}`);
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
