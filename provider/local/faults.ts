/**
 * Fault injection for AGB API operations (never the control API): error answers, connection
 * resets, commit-then-drop, added latency, and holds (a request kept waiting before the service
 * acts on it until a control call releases it or its deadline passes), each with a probability and
 * an optional count. A hold is what lets a test line two requests up at the same moment.
 */
export type FaultMode = "error" | "reset" | "commit-then-drop" | "latency" | "hold";
const MODES: FaultMode[] = ["error", "reset", "commit-then-drop", "latency", "hold"];
/** The longest a `"hold"` fault may keep a request: every wait has a deadline. */
const MAX_HOLD_MS = 600_000;

export interface FaultSpec {
  /** Operation name (`createSession`, `GetContextInfo`, ...) or `"*"` for every AGB operation. */
  operation: string;
  /** What happens. Default `"error"`. */
  mode?: FaultMode;
  /** Chance of firing on each matching request, 0..1. Default 1. */
  probability?: number;
  /** Fires for the next `count` matching requests. Default unlimited. */
  count?: number;
  /** Lets the first `skip` matching requests through untouched before the fault can fire. Default 0. */
  skip?: number;
  /** HTTP status of an `"error"` fault. Default 500. */
  httpStatus?: number;
  /** AGB code of an `"error"` fault. Default `"InternalError"`. */
  code?: string;
  /** Message of an `"error"` fault. Default `"injected fault"`. */
  message?: string;
  /** Random latency 0..latencyMs added before the fault acts. Default 0. */
  latencyMs?: number;
  /**
   * `"hold"` only: how long a held request waits for a release before it goes on by itself (as if
   * released), in ms, 1..600000. Default 60000.
   */
  holdMs?: number;
}

export interface Fault {
  id: string;
  operation: string;
  mode: FaultMode;
  probability: number;
  /** Remaining firings; null = unlimited. */
  remaining: number | null;
  /** Matching requests still to let through before firing. */
  skip: number;
  httpStatus: number;
  code: string;
  message: string;
  latencyMs: number;
  holdMs: number;
  fired: number;
  /** Requests this fault holds right now (`"hold"` only). */
  held: number;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;
  /** The held requests' wake-ups, per fault id. */
  private waiting = new Map<string, Array<() => void>>();

  /** Validates and registers a fault; throws RangeError naming the field. */
  add(spec: FaultSpec): Fault {
    check(typeof spec === "object" && spec !== null, "fault must be a JSON object");
    check(typeof spec.operation === "string" && spec.operation !== "", "operation: is required");
    const mode = spec.mode ?? "error";
    check(MODES.includes(mode), `mode: must be one of ${MODES.join(", ")}`);
    const probability = spec.probability ?? 1;
    check(typeof probability === "number" && probability >= 0 && probability <= 1, "probability: must be a number in 0..1");
    check(spec.count === undefined || (Number.isInteger(spec.count) && spec.count >= 0), "count: must be an integer >= 0");
    check(spec.skip === undefined || (Number.isInteger(spec.skip) && spec.skip >= 0), "skip: must be an integer >= 0");
    const httpStatus = spec.httpStatus ?? 500;
    check(Number.isInteger(httpStatus) && httpStatus >= 400 && httpStatus <= 599, "httpStatus: must be an integer in 400..599");
    check(spec.code === undefined || typeof spec.code === "string", "code: must be a string");
    check(spec.message === undefined || typeof spec.message === "string", "message: must be a string");
    const latencyMs = spec.latencyMs ?? 0;
    check(typeof latencyMs === "number" && latencyMs >= 0 && latencyMs <= 60000, "latencyMs: must be a number in 0..60000");
    const holdMs = spec.holdMs ?? 60_000;
    check(typeof holdMs === "number" && holdMs >= 1 && holdMs <= MAX_HOLD_MS, `holdMs: must be a number in 1..${MAX_HOLD_MS}`);
    const fault: Fault = {
      id: `fault-${this.nextId++}`,
      operation: spec.operation,
      mode,
      probability,
      remaining: spec.count ?? null,
      skip: spec.skip ?? 0,
      httpStatus,
      code: spec.code ?? "InternalError",
      message: spec.message ?? "injected fault",
      latencyMs,
      holdMs,
      fired: 0,
      held: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes every fault; requests still held go on. */
  clear(): void {
    this.release();
    this.faults = [];
  }

  /**
   * Keeps a request that a `"hold"` fault matched waiting until {@link release} or the fault's
   * `holdMs` passes, whichever comes first; then the request goes on normally.
   */
  async hold(fault: Fault): Promise<void> {
    const live = this.faults.find((f) => f.id === fault.id) ?? fault;
    live.held++;
    await new Promise<void>((resolve) => {
      const wakes = this.waiting.get(live.id) ?? [];
      this.waiting.set(live.id, wakes);
      const wake = (): void => {
        clearTimeout(timer);
        const at = wakes.indexOf(wake);
        if (at >= 0) wakes.splice(at, 1);
        resolve();
      };
      const timer = setTimeout(wake, live.holdMs);
      wakes.push(wake);
    });
    live.held--;
  }

  /** Lets the requests held by one fault (by id), or by all faults, go on; returns how many. */
  release(id?: string): number {
    let released = 0;
    for (const [faultId, wakes] of [...this.waiting]) {
      if (id !== undefined && faultId !== id) continue;
      this.waiting.delete(faultId);
      released += wakes.length;
      for (const wake of [...wakes]) wake();
    }
    return released;
  }

  /**
   * The fault that fires for this request, if any (consumes one of its count). `wildcard: false`
   * (file-URL bodies) lets only faults naming the operation fire, not `"*"` ones. Default: true.
   */
  match(operation: string, opts: { wildcard?: boolean } = {}): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    for (const fault of this.faults) {
      const applies = fault.operation === operation || (fault.operation === "*" && opts.wildcard !== false);
      if (!applies) continue;
      if (fault.remaining !== null && fault.remaining <= 0) continue;
      if (fault.skip > 0) {
        fault.skip--;
        continue;
      }
      if (fault.probability < 1 && Math.random() >= fault.probability) continue;
      if (fault.remaining !== null) fault.remaining--;
      fault.fired++;
      return fault;
    }
    return undefined;
  }
}
