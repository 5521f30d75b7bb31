/**
 * Optional strictness of agb-local (docs/agb-local.md, Strictness): which API keys exist, label
 * limits and an image allow-list. The default is permissive (every non-empty key is an account,
 * no label limits beyond non-empty keys and values, any non-blank image), because the real limits
 * are not published: neither the SDK nor its docs state them (they validate only non-empty keys and
 * values, docs/agb-protocol.md §9), so a test that wants the service's refusals turns them on explicitly.
 */
import { createHash } from "node:crypto";
import { LocalError, invalid } from "./errors";

export interface LabelLimits {
  /** Longest label key in characters. Default unlimited. */
  maxKeyLength?: number;
  /** Longest label value in characters. Default unlimited. */
  maxValueLength?: number;
  /** Most labels on one session. Default unlimited. */
  maxCount?: number;
}

export interface Strictness {
  /** The only API keys that are accounts; any other key is AccessDenied (403). Default: any non-empty key. */
  apiKeys?: string[];
  /** Label limits applied by createSession and SetLabel. Default: none. */
  labelLimits?: LabelLimits;
  /** The only accepted `imageId`s of createSession; others are InvalidImageId. Default: any non-blank id. */
  imageAllowList?: string[];
}

/**
 * Limits to use when a test wants them and has no better source: the usual cloud tag limits
 * (keys up to 128 characters, values up to 256, 20 tags per resource). AGB documents none.
 */
export const STRICT_LABEL_LIMITS: Readonly<Required<LabelLimits>> = Object.freeze({ maxKeyLength: 128, maxValueLength: 256, maxCount: 20 });

const LIMIT_KEYS: ReadonlyArray<keyof LabelLimits> = ["maxKeyLength", "maxValueLength", "maxCount"];

function stringList(field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) {
    throw new RangeError(`strictness.${field}: must be an array of non-empty strings`);
  }
  return [...(value as string[])];
}

/**
 * Validates a strictness object (control API, CLI, options); `null` for a field turns it off.
 * Throws a RangeError naming the field.
 */
export function parseStrictnessPatch(input: unknown): Strictness {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new RangeError("strictness must be a JSON object");
  const out: Strictness = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "apiKeys" || key === "imageAllowList") {
      if (value !== null && value !== undefined) out[key] = stringList(key, value);
      else out[key] = undefined;
    } else if (key === "labelLimits") {
      if (value === null || value === undefined) {
        out.labelLimits = undefined;
        continue;
      }
      if (typeof value !== "object" || Array.isArray(value)) throw new RangeError("strictness.labelLimits: must be a JSON object");
      const limits: LabelLimits = {};
      for (const [lk, lv] of Object.entries(value as Record<string, unknown>)) {
        if (!(LIMIT_KEYS as string[]).includes(lk)) throw new RangeError(`strictness.labelLimits.${lk}: unknown field`);
        if (typeof lv !== "number" || !Number.isInteger(lv) || lv < 1)
          throw new RangeError(`strictness.labelLimits.${lk}: must be an integer >= 1`);
        limits[lk as keyof LabelLimits] = lv;
      }
      out.labelLimits = limits;
    } else {
      throw new RangeError(`strictness.${key}: unknown field`);
    }
  }
  return out;
}

/** Strictness as the control API shows it: `apiKeys` replaced by the keys' hashes (never a key). */
export type ShownStrictness = Omit<Strictness, "apiKeys"> & {
  /** First 12 hex characters of sha256 of each key, as in the request log. Absent when `apiKeys` is off. */
  apiKeyHashes?: string[];
};

/** What `GET /_local/config` shows of the strictness: everything, but keys only as hashes. */
export function showStrictness(s: Strictness): ShownStrictness {
  const { apiKeys, ...rest } = s;
  if (!apiKeys) return rest;
  return { ...rest, apiKeyHashes: apiKeys.map((k) => createHash("sha256").update(k).digest("hex").slice(0, 12)) };
}

/** Applies a parsed patch: fields present replace the current ones (undefined = off). */
export function applyStrictness(current: Strictness, patch: Strictness): Strictness {
  const next: Strictness = { ...current, ...patch };
  for (const key of Object.keys(next) as Array<keyof Strictness>) if (next[key] === undefined) delete next[key];
  return next;
}

/** AccessDenied for a key outside `apiKeys` (the same envelope as a missing key: 403, docs/agb-protocol.md §2, §4). */
export function checkApiKey(s: Strictness, key: string): void {
  if (s.apiKeys && !s.apiKeys.includes(key)) throw new LocalError("AccessDenied", "the API key is not valid for this service");
}

/** InvalidParameter naming the label when a limit is exceeded. */
export function checkLabelLimits(s: Strictness, param: string, labels: Record<string, string>): void {
  const limits = s.labelLimits;
  if (!limits) return;
  const keys = Object.keys(labels);
  if (limits.maxCount !== undefined && keys.length > limits.maxCount) {
    throw invalid(param, `at most ${limits.maxCount} labels are allowed, got ${keys.length}`);
  }
  for (const key of keys) {
    if (limits.maxKeyLength !== undefined && key.length > limits.maxKeyLength) {
      throw invalid(`${param}.${key}`, `label keys are at most ${limits.maxKeyLength} characters, got ${key.length}`);
    }
    if (limits.maxValueLength !== undefined && labels[key].length > limits.maxValueLength) {
      throw invalid(`${param}.${key}`, `label values are at most ${limits.maxValueLength} characters, got ${labels[key].length}`);
    }
  }
}

/** InvalidImageId for an image outside the allow-list. */
export function checkImage(s: Strictness, imageId: string): void {
  if (s.imageAllowList && !s.imageAllowList.includes(imageId)) {
    throw new LocalError("InvalidImage", `imageId: image ${imageId} does not exist or is not available to this account`);
  }
}
