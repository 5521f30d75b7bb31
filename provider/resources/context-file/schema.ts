/**
 * `agb:ContextFile` inputs: which context, where in it, and the bytes (exactly one of `source` and
 * `content`). For `source`, check adds the measured `sha256` and `size`, so a changed file shows as a
 * diff; for `content` (possibly a secret) diff and update measure it instead, keeping both out of the
 * inputs.
 */
import { z } from "zod";
import { UNKNOWN, unk } from "../shared/check-helpers";
import type { CheckFailure } from "../shared/check-helpers";
import type { DiffRules } from "../shared/diff";

/** A context or path change means another file: replace. A content change re-uploads in place. */
export const CONTEXT_FILE_RULES: DiffRules = {
  fields: ["contextId", "path", "source", "content", "sha256", "adoptExisting"],
  replaceOnChange: ["contextId", "path"],
};

/** `sha256` recorded by read when the file was changed out of band (so the next up uploads again). */
export const CHANGED_OUT_OF_BAND = "changed-out-of-band";

/**
 * The path as AGB's file calls take it: absolute, `/`-separated, no `.` or `..` segments, no empty
 * segments, not a folder. `data/a.txt` is taken as `/data/a.txt`. Undefined + reason when refused.
 */
export function canonicalFilePath(raw: string): { path: string } | { reason: string } {
  const path = raw.startsWith("/") ? raw : `/${raw}`;
  if (/[\u0000-\u001f\\]/.test(path)) return { reason: "must not contain control characters or backslashes" };
  if (path.endsWith("/")) return { reason: "must name a file, not a folder (it ends with /)" };
  const segments = path.slice(1).split("/");
  if (segments.some((s) => s === "..")) return { reason: "must stay inside the context: `..` segments are not allowed" };
  if (segments.some((s) => s === "." || s === "")) return { reason: "must not contain `.` or empty segments" };
  return { path };
}

const text = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `required: ${what}` : "must be a string") }).min(1, { error: "must not be empty" });

/** What the user gives (before the measured fields are added). */
export const contextFileArgsSchema = z.strictObject({
  contextId: unk(text("the id of the context the file goes into").trim()),
  path: unk(text("the file's path inside the context, e.g. /data/seed.csv")),
  source: unk(text("a local file path")).optional(),
  content: unk(z.string({ error: "must be a string" })).optional(),
  adoptExisting: unk(z.boolean({ error: "must be true or false" })).optional(),
});

export type ContextFileArgsInput = z.output<typeof contextFileArgsSchema>;

/**
 * Canonical inputs as check writes them and create and update receive them: the arguments (path
 * canonical) plus, for `source`, the measured hash and size (`content` is measured by the handlers).
 * Other keys (the engine's `__provider`) are dropped.
 */
export const contextFileInputsSchema = z.object({
  contextId: z.string({ error: "must be a string" }),
  path: z.string({ error: "must be a string" }),
  source: z.string({ error: "must be a string" }).optional(),
  content: z.string({ error: "must be a string" }).optional(),
  /** Take over a file already at the path (else create refuses it). */
  adoptExisting: z.boolean({ error: "must be true or false" }).optional(),
  /** Hex sha256 of the bytes, {@link UNKNOWN} in a preview where the content is unknown. */
  sha256: z.string({ error: "must be a string" }).optional(),
  size: z.number({ error: "must be a number" }).optional(),
});

/** Canonical inputs as stored. */
export type ContextFileInputs = z.output<typeof contextFileInputsSchema>;

/** The failures of the path and of the source/content choice (zod has checked the types). */
export function choiceFailures(args: ContextFileArgsInput): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (args.path !== UNKNOWN) {
    const p = canonicalFilePath(args.path);
    if ("reason" in p) failures.push({ property: "path", reason: p.reason });
  }
  if (args.source !== undefined && args.content !== undefined) {
    failures.push({ property: "source", reason: "give either source (a local file) or content (a string), not both" });
  } else if (args.source === undefined && args.content === undefined) {
    failures.push({ property: "source", reason: "required: either source (a local file path) or content (a string)" });
  }
  return failures;
}
