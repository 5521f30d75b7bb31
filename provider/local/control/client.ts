/** LocalControl: a tiny typed client of the `/_local/` control API (global fetch). */
import type { Fault, FaultSpec } from "../faults";
import type { Timing } from "../models/timing";
import type { Counters } from "../models/types";
import type { LogLine } from "../app";
import type { CapturedRequest } from "../capture";
import type { ShownStrictness, Strictness } from "../models/strictness";

export interface LocalSession {
  apiKeyHash: string;
  sessionId: string;
  status: string;
  imageId: string;
  labels: Record<string, string>;
  persistenceDataList: Array<{ contextId: string; path: string; policy: unknown }>;
  createdAt: number;
  /** One entry per upload task the session made (SyncContext upload), in creation order. */
  uploads: Array<{ contextId: string; path: string; status: string }>;
}

export interface LocalContext {
  apiKeyHash: string;
  id: string;
  name: string;
  state: string;
  fileCount: number;
}

export interface ClockState {
  now: number;
  offsetMs: number;
}

export class LocalControl {
  /** Base URL of agb-local, without a trailing slash. */
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, "");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_local/${path}`, {
      method,
      // The control API refuses a change without a JSON content type (control-guard.ts).
      headers: method === "GET" ? undefined : { "content-type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`agb-local control ${method} /_local/${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  health(): Promise<{ ok: boolean }> {
    return this.call("GET", "health");
  }
  reset(): Promise<{ ok: boolean }> {
    return this.call("POST", "reset");
  }
  config(): Promise<Timing & { strictness: ShownStrictness }> {
    return this.call("GET", "config");
  }
  /** Replaces the given strictness fields: a field set to `null` is turned off, an absent one is unchanged. */
  setStrictness(patch: { [K in keyof Strictness]: Strictness[K] | null }): Promise<Timing & { strictness: ShownStrictness }> {
    return this.call("POST", "config", { strictness: patch });
  }
  /** Raw createSession requests received since start or the last reset/clearCaptures. */
  captures(): Promise<CapturedRequest[]> {
    return this.call("GET", "captures");
  }
  clearCaptures(): Promise<{ ok: boolean }> {
    return this.call("DELETE", "captures");
  }
  setTiming(partial: Partial<Timing>): Promise<Timing> {
    return this.call("POST", "config", partial);
  }
  injectFault(spec: FaultSpec): Promise<{ id: string }> {
    return this.call("POST", "faults", spec);
  }
  faults(): Promise<Fault[]> {
    return this.call("GET", "faults");
  }
  /** Lets the requests held by `"hold"` faults go on: those of one fault (by id), or all. */
  releaseHeld(id?: string): Promise<{ released: number }> {
    return this.call("POST", "faults/release", id === undefined ? {} : { id });
  }
  clearFaults(): Promise<{ ok: boolean }> {
    return this.call("DELETE", "faults");
  }
  clock(): Promise<ClockState> {
    return this.call("GET", "clock");
  }
  advanceClock(ms: number): Promise<ClockState> {
    return this.call("POST", "clock/advance", { ms });
  }
  counters(): Promise<Counters> {
    return this.call("GET", "counters");
  }
  sessions(): Promise<LocalSession[]> {
    return this.call("GET", "sessions");
  }
  contexts(): Promise<LocalContext[]> {
    return this.call("GET", "contexts");
  }
  logs(): Promise<LogLine[]> {
    return this.call("GET", "logs");
  }
}
