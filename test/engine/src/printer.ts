/**
 * What the engine prints, in the spirit of the CLI: one line per step, then the stack outputs and
 * a summary with counts. Secrets print as [secret]; config values are never printed.
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

const SYMBOL: Record<StepOp, string> = { create: "+ ", update: "~ ", replace: "+-", delete: "- ", same: "  ", refresh: "~ ", read: "> " };

export class Printer {
  readonly lines: string[] = [];
  constructor(private readonly echo: boolean) {}

  line(text: string): void {
    // Program and host output may carry terminal colours; keep the record plain.
    text = text.replace(/\u001b\[[0-9;]*m/g, "");
    this.lines.push(text);
    if (this.echo) process.stdout.write(text + "\n");
  }

  step(s: Step, preview: boolean): void {
    if (s.op === "same") return;
    let detail = "";
    if (s.op === "replace") detail = `  (forced by ${s.keys.join(", ") || "the provider"}${s.deleteBeforeReplace ? "; delete before replace" : ""})`;
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

  /** The summary block; returns its text (also used as `summary` in the API result). */
  summary(steps: Step[], preview: boolean, unchanged: number): string {
    const count = (op: StepOp) => steps.filter((s) => s.op === op && !s.failed).length;
    const words: [StepOp, string, string][] = [
      ["create", "to create", "created"],
      ["update", "to update", "updated"],
      ["replace", "to replace", "replaced"],
      ["delete", "to delete", "deleted"],
      ["refresh", "to refresh", "refreshed"],
    ];
    const parts = words.filter(([op]) => count(op) > 0).map(([op, p, d]) => `${SYMBOL[op].trim()} ${count(op)} ${preview ? p : d}`);
    const changed = parts.length > 0;
    const text = changed ? `Resources: ${parts.join(", ")}, ${unchanged} unchanged` : `Resources: no changes (${unchanged} unchanged)`;
    this.line(text);
    return text;
  }
}
