/**
 * What the engine prints, laid out as the real CLI's non-interactive display: one line per step, the
 * stack outputs, a "Diagnostics:" section with each resource's errors once, and the "Resources:"
 * summary. Secrets print as [secret]; config values are never printed.
 */
import type { PropertyMap } from "./values";
import { maskForDisplay } from "./values";

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "read";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** update: changed properties; replace: properties forcing it; refresh: drifted properties. */
  keys: string[];
  /** Only for refresh: the resource no longer exists. */
  gone?: boolean;
  /** Replacement ordering, for replace steps. */
  deleteBeforeReplace?: boolean;
  /** The step failed (the line is printed with the error). */
  failed?: boolean;
}

/** One error, attached to a resource as the CLI attaches it (program errors go to the stack). */
export interface Diagnostic {
  urn: string;
  message: string;
}

/** A diagnostic as one line of text, naming its resource (the API result's `error`). */
export function diagnosticText(d: Diagnostic): string {
  return `${d.urn}: ${d.message}`;
}

const SYMBOL: Record<StepOp, string> = { create: "+ ", update: "~ ", replace: "+-", delete: "- ", same: "  ", refresh: "~ ", read: "> " };

/**
 * The summary's change kinds in the CLI's order with its prefixes and tenses (pulumi/pulumi
 * pkg/resource/deploy/step.go `StepOps`, `RawPrefix`, `PastTense`; the layout is
 * pkg/backend/display/diff.go `renderSummaryEvent`).
 */
const SUMMARY_KINDS: ["create" | "update" | "delete" | "replace", string][] = [
  ["create", "created"],
  ["update", "updated"],
  ["delete", "deleted"],
  ["replace", "replaced"],
];

/**
 * The CLI counts a refresh by its result (pkg/engine/update.go, `RefreshStep.ResultOp`): drift
 * is an update, a resource gone is a delete, no drift is unchanged.
 */
function countedAs(s: Step): StepOp {
  if (s.op === "refresh") return s.gone ? "delete" : "update";
  return s.op;
}

/**
 * Set when stdout's reader went away (`... | head`): echoing stops and the operation finishes, where
 * an unhandled EPIPE used to crash the engine half way, leaving the provider host behind.
 */
let stdoutGone = false;
let stdoutWatched = false;

function echoLine(text: string): void {
  if (!stdoutWatched) {
    stdoutWatched = true;
    process.stdout.on("error", () => {
      stdoutGone = true;
    });
  }
  if (!stdoutGone) process.stdout.write(text + "\n");
}

export class Printer {
  readonly lines: string[] = [];
  constructor(private readonly echo: boolean) {}

  line(text: string): void {
    // Program and host output may carry terminal colours; keep the record plain.
    text = text.replace(/\u001b\[[0-9;]*m/g, "");
    this.lines.push(text);
    if (this.echo) echoLine(text);
  }

  step(s: Step, preview: boolean): void {
    if (s.op === "same") return;
    let detail = "";
    if (s.op === "replace")
      detail = `  (forced by ${s.keys.join(", ") || "the provider"}${s.deleteBeforeReplace ? "; delete before replace" : ""})`;
    else if (s.op === "update" && s.keys.length) detail = `  [${s.keys.join(", ")}]`;
    else if (s.op === "refresh") detail = s.gone ? "  (deleted out of band: removed from state)" : `  [drift: ${s.keys.join(", ")}]`;
    const tag = preview || s.op === "refresh" ? "" : s.failed ? " failed" : "";
    this.line(` ${SYMBOL[s.op]} ${(s.op + tag).padEnd(9)} ${s.type}  ${s.name}${detail}`);
  }

  outputs(outputs: PropertyMap): void {
    const keys = Object.keys(outputs).sort();
    if (!keys.length) return;
    this.line("Outputs:");
    for (const k of keys) this.line(`    ${k}: ${JSON.stringify(maskForDisplay(outputs[k]))}`);
  }

  /** Each resource's errors once, grouped under `  <type> (<name>):` as the CLI does. */
  diagnostics(diags: Diagnostic[]): void {
    if (!diags.length) return;
    this.line("Diagnostics:");
    const byUrn = new Map<string, string[]>();
    for (const d of diags) byUrn.set(d.urn, [...(byUrn.get(d.urn) ?? []), d.message]);
    for (const [urn, messages] of byUrn) {
      const parts = urn.split("::");
      const type = (parts[2] ?? "").split("$").pop();
      this.line(`  ${type} (${parts[3] ?? urn}):`);
      for (const m of messages) this.line(`    error: ${m.replace(/\n/g, "\n    ")}`);
      this.line("");
    }
  }

  /**
   * The "Resources:" block, line for line as the CLI prints it (without its Duration line);
   * `errored` counts the resources with an error diagnostic. Returns the block's text.
   */
  summary(steps: Step[], preview: boolean, unchanged: number, errored = 0): string {
    const counted = steps.filter((s) => !s.failed).map(countedAs);
    const lines = ["Resources:"];
    let changes = 0;
    let kinds = 0;
    for (const [op, past] of SUMMARY_KINDS) {
      const n = counted.filter((o) => o === op).length;
      if (!n) continue;
      changes += n;
      kinds++;
      lines.push(`    ${SYMBOL[op]}${n} ${preview ? `to ${op}` : past}`);
    }
    const pieces: string[] = [];
    if (kinds >= 2) pieces.push(`${changes} ${changes === 1 ? "change" : "changes"}`);
    if (unchanged) pieces.push(`${unchanged} unchanged`);
    if (pieces.length) lines.push(`    ${pieces.join(". ")}`);
    if (errored) lines.push(`    ${errored} errored`);
    for (const l of lines) this.line(l);
    return lines.join("\n");
  }
}
