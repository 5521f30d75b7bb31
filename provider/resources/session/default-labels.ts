/**
 * `agb:defaultLabels`, validated by the Session check with the same rules as `labels` (no managed
 * `pulumi-agb-` prefix, no empty key, non-empty string values). Why in check: check is the only
 * call a preview makes for every Session, so a bad value shows in `pulumi preview` as a failure
 * naming the setting, before any API call, instead of failing `create` later.
 */
import { defaultLabelsText } from "../../config";
import type { CheckFailure } from "../shared/check-helpers";
import { labelsSchema } from "./schema";

/** The property name the failures carry: the stack setting, not a resource input. */
export const DEFAULT_LABELS_SETTING = "agb:defaultLabels";

const HOW_TO_FIX = `set it to a JSON map of strings, e.g. \`pulumi config set ${DEFAULT_LABELS_SETTING} '{"team":"ml"}'\``;

interface LooseIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  issues?: Array<{ message: string }>;
  errors?: Array<Array<{ message: string }>>;
}

interface Checked {
  labels: Record<string, string>;
  failures: CheckFailure[];
}

/** The last text validated and its result: check runs for every Session, the setting rarely changes. */
let cache: { text: string | undefined; result: Checked } | undefined;

function validate(text: string | undefined): Checked {
  if (text === undefined) return { labels: {}, failures: [] };
  const fail = (reason: string): Checked => ({ labels: {}, failures: [{ property: DEFAULT_LABELS_SETTING, reason }] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail(`not valid JSON; ${HOW_TO_FIX}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return fail(`must be a JSON map of strings; ${HOW_TO_FIX}`);
  const result = labelsSchema.safeParse(parsed);
  if (!result.success) {
    // Each failure names the offending key. A key's own rules arrive nested under `invalid_key`; a
    // value's under the union that tolerates the preview unknown (its last branch is the real rule).
    const failures = (result.error.issues as ReadonlyArray<LooseIssue>).map((issue) => {
      const nested =
        issue.code === "invalid_key" ? issue.issues : issue.code === "invalid_union" ? issue.errors?.[issue.errors.length - 1] : undefined;
      const reason = nested?.length ? nested.map((i) => i.message).join("; ") : issue.message;
      return { property: DEFAULT_LABELS_SETTING, reason: `key ${JSON.stringify(String(issue.path[0] ?? ""))}: ${reason}; ${HOW_TO_FIX}` };
    });
    return { labels: {}, failures };
  }
  return { labels: result.data as Record<string, string>, failures: [] };
}

/** The configured default labels, or the failures naming `agb:defaultLabels`. Pure: no API call. */
export function checkedDefaultLabels(): Checked {
  const text = defaultLabelsText();
  if (cache === undefined || cache.text !== text) cache = { text, result: validate(text) };
  return cache.result;
}
