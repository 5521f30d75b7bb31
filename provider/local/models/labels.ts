/** Label maps: flat string -> string, keys and values non-empty (docs/agb-local.md). */
import { keyed, own } from "./keyed";
import { invalid, parseJsonObject } from "./errors";

/** Parses a labels JSON string (`labels` / `Labels`); tolerates any JSON spacing. */
export function parseLabels(param: string, raw: string, allowEmpty: boolean): Record<string, string> {
  const parsed = parseJsonObject(param, raw, "must encode a JSON object of string values");
  const out = keyed<string>();
  for (const [key, value] of Object.entries(parsed)) {
    if (key.trim() === "") throw invalid(param, "label keys must be non-empty");
    if (typeof value !== "string") throw invalid(`${param}.${key}`, "label values must be strings");
    if (value.trim() === "") throw invalid(`${param}.${key}`, "label values must be non-empty");
    out[key] = value;
  }
  if (!allowEmpty && Object.keys(out).length === 0) throw invalid(param, "must contain at least one label");
  return out;
}

/** True when every filter pair is present on `labels` (AND / subset match; `{}` matches all). */
export function labelsMatch(labels: Record<string, string>, filter: Record<string, string>): boolean {
  for (const key in filter) {
    if (own(labels, key) !== filter[key]) return false;
  }
  return true;
}
