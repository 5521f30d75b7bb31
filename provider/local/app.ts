/** Everything a request handler needs, wired once per server. */
import { createHash } from "node:crypto";
import { Faults } from "./faults";
import { FileTokens } from "./models/files";
import { Store } from "./models/store";
import type { Timing } from "./models/timing";
import { applyStrictness } from "./models/strictness";
import type { Strictness } from "./models/strictness";
import { RequestCaptures } from "./capture";
import type { Persistence } from "./persistence";
import { BodyBudget } from "./routes/http-util";

/** Limits that keep agb-local's memory bounded (docs/agb-local.md, Limits). */
export interface LocalLimits {
  /** Bytes of request bodies received at once, over all requests; a request passing it is dropped. Default 256 MiB. */
  inFlightBodyBytes?: number;
  /** Bytes of context files one account (API key) may store; an upload passing it gets 403 QuotaExceeded. Default 1 GiB. */
  accountStorageBytes?: number;
}

/** {@link LocalLimits} defaults. */
export const DEFAULT_LIMITS: Readonly<Required<LocalLimits>> = Object.freeze({
  inFlightBodyBytes: 256 * 1024 * 1024,
  accountStorageBytes: 1024 * 1024 * 1024,
});

export interface LogLine {
  /** ISO-8601 time of the request. */
  time: string;
  method: string;
  path: string;
  operation: string;
  status: number;
  /** First 12 hex chars of sha256(API key); never the key. */
  apiKeyHash: string;
  requestId: string;
  /** `error`, `reset`, `commit-then-drop`, `latency` when a fault fired. */
  fault?: string;
}

const LOG_LIMIT = 1000;
const HASH_CACHE_LIMIT = 10000;

export class App {
  readonly faults = new Faults();
  readonly tokens = new FileTokens();
  // Stored with a numeric time; formatted only when read (keeps the request path cheap).
  private logLines: Array<Omit<LogLine, "time"> & { at: number }> = [];
  private readonly hashes = new Map<string, string>();
  /** Raw createSession requests, for wire comparisons (`GET /_local/captures`). */
  readonly captures = new RequestCaptures();
  /** Limits in force (defaults filled). */
  readonly limits: Required<LocalLimits>;
  /** Shared by every request's body (limits.inFlightBodyBytes). */
  readonly bodyBudget: BodyBudget;
  /** The address the server is bound to (the control API also accepts it as `Host` when not loopback). */
  boundHost = "127.0.0.1";
  /** Current strictness; `reset()` returns to the one given at start. */
  strictness: Strictness;

  constructor(
    readonly store: Store,
    public persistence: Persistence,
    readonly quiet: boolean,
    private readonly startStrictness: Strictness = {},
    limits: LocalLimits = {},
  ) {
    this.strictness = { ...startStrictness };
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.bodyBudget = new BodyBudget(this.limits.inFlightBodyBytes);
  }

  /** sha256 of the key (hex), cached so steady traffic does not hash on every request. */
  keyHash(key: string): string {
    let hash = this.hashes.get(key);
    if (hash === undefined) {
      hash = createHash("sha256").update(key).digest("hex");
      if (this.hashes.size >= HASH_CACHE_LIMIT) this.hashes.clear();
      this.hashes.set(key, hash);
    }
    return hash;
  }

  log(line: Omit<LogLine, "time">): void {
    const at = Date.now();
    this.logLines.push({ ...line, at });
    if (this.logLines.length > LOG_LIMIT) this.logLines = this.logLines.slice(-LOG_LIMIT / 2);
    if (!this.quiet) {
      process.stderr.write(
        `${new Date(at).toISOString()} ${line.method} ${line.path} ${line.operation} ${line.status} key=${line.apiKeyHash || "-"}${line.fault ? ` fault=${line.fault}` : ""}\n`,
      );
    }
  }

  logs(): LogLine[] {
    return this.logLines.map(({ at, ...rest }) => ({ time: new Date(at).toISOString(), ...rest }));
  }

  /** Control-API reset: state, faults, tokens, logs, clock and timing. */
  reset(): void {
    this.store.reset();
    this.faults.clear();
    this.tokens.clear();
    this.logLines = [];
    this.captures.clear();
    this.strictness = { ...this.startStrictness };
  }

  setStrictness(patch: Strictness): Strictness {
    this.strictness = applyStrictness(this.strictness, patch);
    return { ...this.strictness };
  }

  setTiming(patch: Partial<Timing>): Timing {
    Object.assign(this.store.timing, patch);
    return { ...this.store.timing };
  }
}
