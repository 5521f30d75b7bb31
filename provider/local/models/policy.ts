/**
 * SyncPolicy parsing and validation (docs/agb-protocol.md §15): the value of
 * `persistenceDataList[].policy`, a JSON string. Missing sub-policies get the documented defaults;
 * unknown fields, wrong types, unknown enum values and wildcards in recycle / white-list paths are
 * errors naming the field.
 */
import { invalid, parseJsonObject } from "./errors";

export interface SyncPolicy {
  uploadPolicy: { autoUpload: boolean; uploadStrategy: string; uploadMode: string };
  downloadPolicy: { autoDownload: boolean; downloadStrategy: string };
  deletePolicy: { syncLocalFile: boolean };
  extractPolicy: { extract: boolean; deleteSrcFile: boolean; extractToCurrentFolder: boolean };
  recyclePolicy: { lifecycle: string; paths: string[] };
  bwList: { whiteLists: Array<{ path: string; excludePaths: string[] }> };
  mappingPolicy?: { path: string };
}

export const LIFECYCLES = [
  "Lifecycle_1Day",
  "Lifecycle_3Days",
  "Lifecycle_5Days",
  "Lifecycle_10Days",
  "Lifecycle_15Days",
  "Lifecycle_30Days",
  "Lifecycle_90Days",
  "Lifecycle_180Days",
  "Lifecycle_360Days",
  "Lifecycle_Forever",
];

export function defaultPolicy(): SyncPolicy {
  return {
    uploadPolicy: { autoUpload: true, uploadStrategy: "UploadBeforeResourceRelease", uploadMode: "File" },
    downloadPolicy: { autoDownload: true, downloadStrategy: "DownloadAsync" },
    deletePolicy: { syncLocalFile: true },
    extractPolicy: { extract: true, deleteSrcFile: true, extractToCurrentFolder: false },
    recyclePolicy: { lifecycle: "Lifecycle_Forever", paths: [""] },
    bwList: { whiteLists: [] },
  };
}

type Obj = Record<string, unknown>;
const WILDCARD = /[*?[\]]/;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Copies the known fields of `src` over `dst` after checking each one's type. */
function merge(where: string, src: unknown, dst: Obj, enums: Record<string, string[]> = {}): void {
  if (!isObj(src)) throw invalid(where, "must be a JSON object");
  for (const [key, value] of Object.entries(src)) {
    const field = `${where}.${key}`;
    if (!(key in dst)) throw invalid(field, "unknown field");
    const expected = typeof dst[key];
    if (expected === "boolean" && typeof value !== "boolean") throw invalid(field, "must be a boolean");
    if (expected === "string") {
      if (typeof value !== "string") throw invalid(field, "must be a string");
      const allowed = enums[key];
      if (allowed && !allowed.includes(value)) {
        throw invalid(field, `unknown value ${JSON.stringify(value)} (allowed: ${allowed.join(", ")})`);
      }
    }
    dst[key] = value;
  }
}

function stringList(field: string, value: unknown, noWildcards: boolean): string[] {
  if (!Array.isArray(value)) throw invalid(field, "must be an array of strings");
  return value.map((item, i) => {
    if (typeof item !== "string") throw invalid(`${field}[${i}]`, "must be a string");
    if (noWildcards && WILDCARD.test(item)) {
      throw invalid(`${field}[${i}]`, `wildcard patterns (* ? [ ]) are not supported, got ${JSON.stringify(item)}`);
    }
    return item;
  });
}

/** Parses the policy JSON string of entry `where` (e.g. `persistenceDataList[0].policy`). */
export function parsePolicy(where: string, raw: unknown): SyncPolicy {
  const policy = defaultPolicy();
  if (raw === undefined || raw === null || raw === "") return policy;
  if (typeof raw !== "string") throw invalid(where, "must be a JSON-encoded string");
  const parsed = parseJsonObject(where, raw);
  for (const [key, value] of Object.entries(parsed)) {
    const field = `${where}.${key}`;
    if (value === null) continue; // an absent sub-policy: keep the default
    switch (key) {
      case "uploadPolicy":
        merge(field, value, policy.uploadPolicy, {
          uploadStrategy: ["UploadBeforeResourceRelease"],
          uploadMode: ["File", "Archive"],
        });
        break;
      case "downloadPolicy":
        merge(field, value, policy.downloadPolicy, { downloadStrategy: ["DownloadAsync"] });
        break;
      case "deletePolicy":
        merge(field, value, policy.deletePolicy);
        break;
      case "extractPolicy":
        merge(field, value, policy.extractPolicy);
        break;
      case "recyclePolicy": {
        if (!isObj(value)) throw invalid(field, "must be a JSON object");
        const { paths, ...rest } = value;
        merge(field, rest, policy.recyclePolicy as unknown as Obj, { lifecycle: LIFECYCLES });
        if (paths !== undefined) policy.recyclePolicy.paths = stringList(`${field}.paths`, paths, true);
        break;
      }
      case "bwList":
        policy.bwList = parseBwList(field, value);
        break;
      case "mappingPolicy": {
        const mapping = { path: "" };
        merge(field, value, mapping);
        policy.mappingPolicy = mapping;
        break;
      }
      default:
        throw invalid(field, "unknown field");
    }
  }
  return policy;
}

function parseBwList(field: string, value: unknown): SyncPolicy["bwList"] {
  if (!isObj(value)) throw invalid(field, "must be a JSON object");
  const out: SyncPolicy["bwList"] = { whiteLists: [] };
  for (const [key, lists] of Object.entries(value)) {
    if (key !== "whiteLists") throw invalid(`${field}.${key}`, "unknown field");
    if (!Array.isArray(lists)) throw invalid(`${field}.whiteLists`, "must be an array");
    out.whiteLists = lists.map((entry, i) => {
      const where = `${field}.whiteLists[${i}]`;
      if (!isObj(entry)) throw invalid(where, "must be a JSON object");
      for (const k of Object.keys(entry)) {
        if (k !== "path" && k !== "excludePaths") throw invalid(`${where}.${k}`, "unknown field");
      }
      if (typeof entry.path !== "string") throw invalid(`${where}.path`, "must be a string");
      if (WILDCARD.test(entry.path)) {
        throw invalid(`${where}.path`, `wildcard patterns (* ? [ ]) are not supported, got ${JSON.stringify(entry.path)}`);
      }
      const excludePaths = entry.excludePaths === undefined ? [] : stringList(`${where}.excludePaths`, entry.excludePaths, true);
      return { path: entry.path, excludePaths };
    });
  }
  return out;
}
