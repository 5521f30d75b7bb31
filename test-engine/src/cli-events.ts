/**
 * Reading the real CLI's `--event-log` (one JSON engine event per line, the apitype.EngineEvent
 * shapes) into the test engine's own Step records, so one set of assertions serves both.
 */
import type { Step, StepOp } from "./printer";
import { changedKeys, driftKeys } from "./values";
import type { PropertyMap } from "./values";

interface StateMetadata {
  type: string;
  urn: string;
  id?: string;
  inputs?: PropertyMap;
  outputs?: PropertyMap;
}

interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  old?: StateMetadata | null;
  new?: StateMetadata | null;
  /** Keys forcing a replacement ("create" and "replace"). */
  keys?: string[];
  /** Keys the provider reported as changed; dynamic providers leave it empty. */
  diffs?: string[];
}

interface EngineEvent {
  sequence?: number;
  resourcePreEvent?: { metadata: StepMetadata; planning?: boolean };
  resOutputsEvent?: { metadata: StepMetadata; planning?: boolean };
  resOpFailedEvent?: { metadata: StepMetadata };
  diagnosticEvent?: { message: string; severity: string; urn?: string };
}

export interface EventLogSteps {
  steps: Step[];
  /** Resources the run left as they were (same steps, refreshes without drift). */
  unchanged: number;
  /** Error diagnostics, in order. */
  errors: string[];
}

/**
 * The CLI step ops that have a test-engine counterpart; any other op is dropped. That covers the
 * CLI's own bookkeeping steps: a replacement also emits create-replacement and delete-replaced (the
 * engine records one "replace"), plus discard, discard-replaced and remove-pending-replace. Provider
 * resources (`pulumi:providers:*`) have no counterpart in the test engine either, which runs the
 * dynamic provider without a provider resource (they are skipped by type in stepsFromEventLog).
 */
const MAPPED: Record<string, StepOp> = {
  same: "same",
  create: "create",
  update: "update",
  replace: "replace",
  delete: "delete",
  read: "read",
  refresh: "refresh",
};

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function toStep(m: StepMetadata, failed: boolean): Step | undefined {
  const op = MAPPED[m.op];
  if (!op) return undefined;
  const step: Step = { op, urn: m.urn, type: m.type, name: nameOf(m.urn), keys: [] };
  const oldInputs = m.old?.inputs ?? {};
  const newInputs = m.new?.inputs ?? {};
  if (op === "replace") step.keys = [...(m.keys ?? [])].sort();
  // As the CLI's display does for dynamic providers (no detailed diff): old inputs against new inputs.
  else if (op === "update") step.keys = m.diffs?.length ? [...m.diffs].sort() : changedKeys(oldInputs, newInputs);
  else if (op === "refresh") {
    if (!m.new) step.gone = true;
    else step.keys = driftKeys(oldInputs, newInputs, m.old?.outputs ?? {}, m.new.outputs ?? {});
  }
  if (failed) step.failed = true;
  return step;
}

/** Parses an event log; a torn last line (the CLI killed mid-write) is ignored. */
export function stepsFromEventLog(text: string): EventLogSteps {
  // One step per (op, URN): a step shows up as a pre event and, when it finished, an outputs event.
  const byKey = new Map<string, { meta: StepMetadata; failed: boolean }>();
  const errors: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let e: EngineEvent;
    try {
      e = JSON.parse(line) as EngineEvent;
    } catch {
      continue;
    }
    const meta = e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata ?? e.resourcePreEvent?.metadata;
    if (meta) {
      if (meta.type.startsWith("pulumi:providers:")) continue;
      // A refresh that finds the resource gone ends with an outputs event whose op is the refresh
      // step's ResultOp, "delete" (pkg/resource/deploy/step.go, RefreshStep.ResultOp), and no new
      // state: it belongs to the refresh step of that URN.
      const refreshed = byKey.get(`refresh|${meta.urn}`);
      if (e.resOutputsEvent && meta.op === "delete" && refreshed) {
        byKey.set(`refresh|${meta.urn}`, { meta: { ...refreshed.meta, new: undefined }, failed: refreshed.failed });
        continue;
      }
      const key = `${meta.op}|${meta.urn}`;
      const prev = byKey.get(key);
      const failed = !!e.resOpFailedEvent || (prev?.failed ?? false);
      // A Map keeps first-seen order; an outputs or failure event carries the finished state.
      byKey.set(key, { meta: prev && e.resourcePreEvent ? prev.meta : meta, failed });
    }
    const d = e.diagnosticEvent;
    if (d && d.severity === "error") errors.push(d.message.replace(/\u001b\[[0-9;]*m/g, "").trim());
  }
  const steps: Step[] = [];
  let unchanged = 0;
  for (const { meta, failed } of byKey.values()) {
    const step = toStep(meta, failed);
    if (!step) continue;
    // As in the engine: "same" steps are listed (and counted as unchanged), quiet refreshes are not.
    if (step.op === "refresh" && !step.gone && !step.keys.length) unchanged++;
    else {
      if (step.op === "same") unchanged++;
      steps.push(step);
    }
  }
  return { steps, unchanged, errors };
}
