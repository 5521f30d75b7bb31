/** The CLI flags of agb-local's optional strictness (models/strictness.ts; docs/agb-local.md, Strictness). */
import { STRICT_LABEL_LIMITS } from "./models/strictness";
import type { Strictness } from "./models/strictness";

export const STRICTNESS_USAGE =
  "[--api-keys K1,K2] [--images IMG1,IMG2] [--strict-labels] [--label-max-key-length N] [--label-max-value-length N] [--label-max-count N]";

function list(raw: string): string[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Applies one strictness flag to `out`; false when `flag` is not one of them. `value`/`number` read
 * (and validate) the flag's argument.
 */
export function parseStrictnessFlag(flag: string, value: () => string, number: () => number, out: Strictness): boolean {
  const limit = (key: "maxKeyLength" | "maxValueLength" | "maxCount"): void => {
    out.labelLimits = { ...out.labelLimits, [key]: number() };
  };
  switch (flag) {
    case "--api-keys":
      out.apiKeys = list(value());
      return true;
    case "--images":
      out.imageAllowList = list(value());
      return true;
    case "--strict-labels":
      out.labelLimits = { ...STRICT_LABEL_LIMITS, ...out.labelLimits };
      return true;
    case "--label-max-key-length":
      limit("maxKeyLength");
      return true;
    case "--label-max-value-length":
      limit("maxValueLength");
      return true;
    case "--label-max-count":
      limit("maxCount");
      return true;
    default:
      return false;
  }
}
