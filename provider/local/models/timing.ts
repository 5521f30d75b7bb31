/** Durations and outcomes that drive the lazily evaluated lifecycles (see docs/agb-local.md). */
import type { TaskOutcome } from "./types";

/** Casing of session and sync-task statuses on the wire (`native`: `RUNNING`, `Success` as documented). */
export type StatusCase = "native" | "upper" | "pascal" | "lower";
const STATUS_CASES: readonly StatusCase[] = ["native", "upper", "pascal", "lower"];

export interface Timing {
  /** PENDING duration after createSession; -1 = never leaves PENDING. Default 0. */
  createPendingMs: number;
  /** Duration of each download task made at create. Default 200. */
  createSyncMs: number;
  /** Duration of each task made by SyncContext. Default 200. */
  uploadSyncMs: number;
  /** DELETING duration after a release, then FINISH. Default 100. */
  releaseMs: number;
  /** How long FINISH stays visible before the session is not found. Default 30000. */
  finishVisibleMs: number;
  /** `clearing` duration of ClearContext. Default 300. */
  clearMs: number;
  /** Idle timeout when createSession has no `timeout`. Default 300. */
  defaultIdleTimeoutSec: number;
  /** Final status of new sync tasks. Default "Success". */
  syncOutcome: TaskOutcome;
  /** Added to every AGB API request. Default 0. */
  latencyMs: number;
  /** A new session stays invisible to ListSession for this long after createSession (the real listing may lag). Default 0. */
  listLagMs: number;
  /** ListSession leaves out PENDING sessions, as the real service may (docs/agb-protocol.md §8). Default false. */
  listHidesPending: boolean;
  /** Casing of session and sync-task statuses in answers (`Running`, `running`, ...). Default "native". */
  statusCase: StatusCase;
}

export const DEFAULT_TIMING: Readonly<Timing> = Object.freeze({
  createPendingMs: 0,
  createSyncMs: 200,
  uploadSyncMs: 200,
  releaseMs: 100,
  finishVisibleMs: 30000,
  clearMs: 300,
  defaultIdleTimeoutSec: 300,
  syncOutcome: "Success",
  latencyMs: 0,
  listLagMs: 0,
  listHidesPending: false,
  statusCase: "native",
});

const OUTCOMES: readonly TaskOutcome[] = ["Success", "Failed", "Never"];

/**
 * Validates a partial timing object (from the control API, CLI or options) and returns it typed.
 * Throws a RangeError naming the field on an unknown field or a bad value.
 */
export function parseTimingPatch(input: unknown): Partial<Timing> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new RangeError("timing must be a JSON object");
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_TIMING)) throw new RangeError(`timing.${key}: unknown field`);
    if (key === "listHidesPending") {
      if (typeof value !== "boolean") throw new RangeError("timing.listHidesPending: must be true or false");
    } else if (key === "syncOutcome") {
      if (typeof value !== "string" || !(OUTCOMES as readonly string[]).includes(value)) {
        throw new RangeError(`timing.syncOutcome: must be one of ${OUTCOMES.join(", ")}`);
      }
    } else if (key === "statusCase") {
      if (typeof value !== "string" || !(STATUS_CASES as readonly string[]).includes(value)) {
        throw new RangeError(`timing.statusCase: must be one of ${STATUS_CASES.join(", ")}`);
      }
    } else {
      const min = key === "createPendingMs" ? -1 : 0;
      if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
        throw new RangeError(`timing.${key}: must be a number >= ${min}`);
      }
    }
    out[key] = value;
  }
  return out as Partial<Timing>;
}
