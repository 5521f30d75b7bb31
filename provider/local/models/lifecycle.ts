/**
 * Lazily evaluated lifecycles: a status is a pure function of a record's timestamps, the current
 * time and the timing config. Nothing runs in the background.
 */
import type { Timing } from "./timing";
import type { SessionRecord, TaskRecord } from "./types";

export type SessionStatus = "PENDING" | "RUNNING" | "DELETING" | "FINISH" | "GONE";

/** When the session was (or will be) released: explicitly, or by its idle timeout. */
export function releaseTime(s: SessionRecord): number {
  if (s.releasedAt !== undefined) return s.releasedAt;
  return s.lastActivityAt + s.idleTimeoutSec * 1000;
}

export function sessionStatus(s: SessionRecord, now: number, timing: Timing): SessionStatus {
  const released = releaseTime(s);
  if (now < released) {
    if (s.pendingUntil === -1 || now < s.pendingUntil) return "PENDING";
    return "RUNNING";
  }
  const deletingMs = s.releaseMs ?? timing.releaseMs;
  if (now < released + deletingMs) return "DELETING";
  if (now < released + deletingMs + timing.finishVisibleMs) return "FINISH";
  return "GONE";
}

export type TaskStatus = "Pending" | "Running" | "Success" | "Failed";

/** Pending for the first quarter of the duration, Running for the rest, then the outcome. */
export function taskStatus(t: TaskRecord, now: number): TaskStatus {
  const elapsed = now - t.createdAt;
  if (t.outcome !== "Never" && elapsed >= t.durationMs) return t.outcome;
  return elapsed < t.durationMs / 4 ? "Pending" : "Running";
}

/** Finish time (epoch ms) of a finished task, else undefined. */
export function taskFinishedAt(t: TaskRecord, now: number): number | undefined {
  const end = t.createdAt + t.durationMs;
  return t.outcome !== "Never" && now >= end ? end : undefined;
}
