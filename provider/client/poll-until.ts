/**
 * Polite adaptive polling under a deadline: probe (at once, or after `firstProbeAfterMs`), then
 * pause `initialDelayMs` between probes for the first `fastPhaseMs` of the wait, then double the
 * pause up to `maxDelayMs`.
 * Why these defaults: the official SDKs poll every 1 to 2 s (docs/agb-protocol.md §16), and every probe is a
 * request against a shared cloud; flat 100 ms pauses for half a second still see a sync that ends
 * at 300 ms within about 100 ms (4 probes from an immediate start), then the pause doubles
 * (200, 400, 800, 1600) to a 2 s cap, so a 60 s wait costs about 39 probes and a long wait one
 * probe every 2 s, as the SDKs do.
 * The pause follows each probe's answer, so a slow round trip also slows the probing.
 * Pure timing logic (setTimeout + Date.now), tested with fake timers.
 */
import { AgbTimeoutError } from "./errors";

/** Timing of a wait. */
export interface WaitOptions {
  /** Deadline of the whole wait, in ms. Required: every wait has a deadline. */
  timeoutMs: number;
  /** Pause between probes during the fast phase, and the start of the growth after it, in ms. Default: 100. */
  initialDelayMs?: number;
  /** How long from the start of the wait the pause stays at `initialDelayMs`, in ms. Default: 500. */
  fastPhaseMs?: number;
  /** Largest pause between probes, in ms. Default: 2000. */
  maxDelayMs?: number;
  /** Growth of the pause after each probe. Default: 2. */
  factor?: number;
  /**
   * Pause before the first probe, in ms. Default: 0 (probe at once). Waits that follow an action
   * which cannot have finished yet (a sync just started) set it, saving a
   * request that would only say "not yet".
   */
  firstProbeAfterMs?: number;
}

/** What to poll and when to stop. */
export interface PollSpec<T> {
  /** What is awaited, for the timeout message (e.g. `session s-1 to reach RUNNING`). */
  what: string;
  /** Operation name carried by the timeout error. Default: `wait`. */
  operation?: string;
  /** One observation; its errors propagate and end the wait. */
  probe: () => Promise<T>;
  /** True when the observation is the awaited one. */
  done: (value: T) => boolean;
  /** Short text of an observation for the timeout message. Default: JSON. */
  describe?: (value: T) => string;
}

/** Default pause between probes during the fast phase (and before a delayed first probe). */
export const DEFAULT_INITIAL_DELAY_MS = 100;
/** Default length of the fast phase (flat pauses) from the start of a wait. */
export const DEFAULT_FAST_PHASE_MS = 500;
/** Default largest pause between probes (the official SDKs poll every 1 to 2 s). */
export const DEFAULT_MAX_DELAY_MS = 2000;
/** Default growth factor of the pause. */
export const DEFAULT_FACTOR = 2;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Probes until `done` holds, or throws AgbTimeoutError at the deadline (after a last probe). */
export async function pollUntil<T>(spec: PollSpec<T>, opts: WaitOptions): Promise<T> {
  if (!Number.isFinite(opts?.timeoutMs) || opts.timeoutMs < 0) {
    throw new RangeError(`WaitOptions.timeoutMs must be a non-negative number, got ${String(opts?.timeoutMs)}`);
  }
  const initial = Math.max(1, opts.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS);
  const maxDelay = Math.max(initial, opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS);
  const factor = Math.max(1, opts.factor ?? DEFAULT_FACTOR);
  const fastPhase = Math.max(0, opts.fastPhaseMs ?? DEFAULT_FAST_PHASE_MS);
  const firstProbeAfter = Math.max(0, opts.firstProbeAfterMs ?? 0);
  const start = Date.now();
  const deadline = start + opts.timeoutMs;
  let grown = initial;
  let polls = 0;
  if (firstProbeAfter > 0) await sleep(Math.min(firstProbeAfter, opts.timeoutMs));
  for (;;) {
    const value = await spec.probe();
    polls++;
    if (spec.done(value)) return value;
    const now = Date.now();
    if (now >= deadline) {
      const seen = spec.describe ? spec.describe(value) : safeJson(value);
      throw new AgbTimeoutError(
        `Timed out after ${now - start} ms waiting for ${spec.what}; last seen: ${seen} (${polls} polls, timeout ${opts.timeoutMs} ms)`,
        { code: "WaitTimeout", httpStatus: 0, requestId: "", operation: spec.operation ?? "wait" },
      );
    }
    // Flat during the fast phase, then growing: the first pause after it is initial x factor.
    const pause = now - start < fastPhase ? initial : (grown = Math.min(maxDelay, grown * factor));
    // Never sleep past the deadline: the last probe happens right at it.
    await sleep(Math.round(Math.min(pause, deadline - now)));
  }
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}...` : text;
  } catch {
    return String(value);
  }
}
