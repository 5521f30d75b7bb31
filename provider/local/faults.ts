/**
 * Fault injection for AGB API operations (never the control API): error answers, connection
 * resets, commit-then-drop and added latency, each with a probability and an optional count.
 */
export type FaultMode = "error" | "reset" | "commit-then-drop" | "latency";
const MODES: FaultMode[] = ["error", "reset", "commit-then-drop", "latency"];

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
  fired: number;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;

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
      fired: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
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
