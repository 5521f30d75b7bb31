/**
 * Session inputs: the zod schema, canonical defaults (filled here, in check only) and the rules zod
 * cannot express alone (overlapping mount paths). Every field tolerates the preview unknown.
 */
import { z } from "zod";
import { Lifecycle, UploadMode } from "../../enums";
import { UNKNOWN, unk } from "../shared/check-helpers";
import { BROWSER_DATA_PATH, EXTENSIONS_PATH } from "../shared/mount-paths";
import type { Known } from "../shared/parse-inputs";

/** Label keys starting with this are managed by the provider and refused in `labels`. */
export const MANAGED_LABEL_PREFIX = "pulumi-agb-";
/** Default `timeouts.create` / `timeouts.delete`, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

const WILDCARD = /[*?[\]]/;
const EXTENSION_ID = /^ext_[0-9a-fA-F]{32}\.zip$/;

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` });
const bool = (def: boolean) => unk(z.boolean({ error: "must be true or false" })).default(def);
const noWildcard = nonEmptyOrBlankPath();
function nonEmptyOrBlankPath() {
  return z.string({ error: "must be a string" }).refine((p) => !WILDCARD.test(p), { error: "wildcards are not supported (*, ?, [, ])" });
}
const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `unknown value ${JSON.stringify(iss.input)}; expected one of: ${values.join(", ")}` });

const uploadPolicy = z.strictObject({
  autoUpload: bool(true),
  uploadStrategy: unk(enumOf(["UploadBeforeResourceRelease"])).default("UploadBeforeResourceRelease"),
  uploadMode: unk(enumOf(Object.values(UploadMode) as [UploadMode, ...UploadMode[]])).default(UploadMode.FILE),
});
const downloadPolicy = z.strictObject({
  autoDownload: bool(true),
  downloadStrategy: unk(enumOf(["DownloadAsync"])).default("DownloadAsync"),
});
const deletePolicy = z.strictObject({ syncLocalFile: bool(true) });
const extractPolicy = z.strictObject({
  extract: bool(true),
  deleteSrcFile: bool(true),
  extractCurrentFolder: bool(false),
});
const recyclePolicy = z.strictObject({
  lifecycle: unk(enumOf(Object.values(Lifecycle) as [Lifecycle, ...Lifecycle[]])).default(Lifecycle.LIFECYCLE_FOREVER),
  paths: unk(z.array(unk(noWildcard))).default([""]),
});
const whiteList = z.strictObject({
  path: unk(noWildcard),
  excludePaths: unk(z.array(unk(noWildcard))).default([]),
});
const bwList = z.strictObject({ whiteLists: unk(z.array(unk(whiteList))).default([]) });
const mappingPolicy = z.strictObject({ path: unk(nonEmpty("mappingPolicy.path")) });

/** A full sync policy; every omitted sub-policy or field gets the documented default (docs/agb-protocol.md §15). */
export const syncPolicySchema = z.strictObject({
  uploadPolicy: unk(uploadPolicy).default(() => uploadPolicy.parse({})),
  downloadPolicy: unk(downloadPolicy).default(() => downloadPolicy.parse({})),
  deletePolicy: unk(deletePolicy).default(() => deletePolicy.parse({})),
  extractPolicy: unk(extractPolicy).default(() => extractPolicy.parse({})),
  recyclePolicy: unk(recyclePolicy).default(() => recyclePolicy.parse({})),
  bwList: unk(bwList).default(() => bwList.parse({})),
  mappingPolicy: unk(mappingPolicy).optional(),
});

const mountPath = nonEmpty("path").refine((p) => p.startsWith("/"), { error: "must be an absolute path" });

const contextSync = z.strictObject({
  contextId: unk(nonEmpty("contextId")),
  path: unk(mountPath),
  policy: unk(syncPolicySchema).default(() => syncPolicySchema.parse({})),
});

const extensionOption = z.strictObject({
  contextId: unk(nonEmpty("contextId")),
  extensionIds: unk(
    z.array(unk(z.string().regex(EXTENSION_ID, { error: "malformed extension id: expected ext_<32 hex digits>.zip" }))).min(1, {
      error: "must list at least one extension id",
    }),
  ),
});

const browserContext = z.strictObject({
  contextId: unk(nonEmpty("contextId")),
  autoUpload: bool(true),
  extensionOption: unk(extensionOption).optional(),
});

/** Label map rules, shared by `labels` and `agb:defaultLabels` (which must obey the same ones). */
export const labelsSchema = z.record(
  z
    .string()
    .refine((k) => k.trim() !== "", { error: "label keys must not be empty" })
    .refine((k) => !k.startsWith(MANAGED_LABEL_PREFIX), {
      error: `label keys starting with "${MANAGED_LABEL_PREFIX}" are managed by the provider`,
    }),
  unk(z.string({ error: "label values must be strings" }).refine((v) => v.trim() !== "", { error: "label values must not be empty" })),
);

const positiveSeconds = unk(
  z.number({ error: "must be a number of seconds" }).finite().positive({ error: "must be a positive number of seconds" }),
);

const timeouts = z.strictObject({
  create: positiveSeconds.default(DEFAULT_TIMEOUT_SECONDS),
  delete: positiveSeconds.default(DEFAULT_TIMEOUT_SECONDS),
});

/** The session's input fields, one entry each: the one list every other place is tied to (fields.ts). */
export const sessionFieldsSchema = z.strictObject({
  imageId: unk(
    z
      .string({
        error: (iss) => (iss.input === undefined ? "required: the AGB image to start, e.g. agb-code-space-1" : "imageId must be a string"),
      })
      .trim()
      .min(1, { error: "imageId must not be empty" }),
  ),
  labels: unk(labelsSchema).default({}),
  contextSyncs: unk(z.array(unk(contextSync))).default([]),
  browserContext: unk(browserContext).optional(),
  idleTimeoutSeconds: unk(
    z
      .number({ error: "must be a whole number of seconds" })
      .int({ error: "must be a whole number of seconds" })
      .positive({ error: "must be positive" }),
  ).optional(),
  policyId: unk(nonEmpty("policyId")).optional(),
  syncOnDelete: bool(true),
  timeouts: unk(timeouts).default(() => timeouts.parse({})),
  adoptSessionId: unk(nonEmpty("adoptSessionId")).optional(),
});

/** The canonical session inputs (every default filled). */
export const sessionInputsSchema = sessionFieldsSchema
  // The overlap rule runs on the user's order (its failures name the user's indexes); sorting after it.
  .superRefine((v, ctx) => checkMountPaths(v, ctx))
  .transform((v) => {
    const contextSyncs = sortedByMountPath(v.contextSyncs);
    return contextSyncs === v.contextSyncs ? v : { ...v, contextSyncs };
  });

/**
 * `contextSyncs` in mount-path order. Why: no two syncs may share or nest a mount path (checked
 * below), so each mounts its own directory and their order carries no meaning; one canonical order
 * makes a reordered list no change at all (diff, update, the creation token, the outputs). A list
 * still holding a preview unknown where an entry or path would be is left as it is: it already
 * counts as changed.
 */
function sortedByMountPath<T>(syncs: T): T {
  if (!Array.isArray(syncs)) return syncs;
  const paths: string[] = [];
  for (const sync of syncs) {
    const path = sync !== null && typeof sync === "object" ? (sync as { path?: unknown }).path : undefined;
    if (typeof path !== "string" || path === UNKNOWN) return syncs;
    paths.push(path);
  }
  // Already in order (every list this provider stored, and most declared ones): no copy.
  if (paths.every((p, i) => i === 0 || paths[i - 1] <= p)) return syncs;
  const byPath = (i: number, j: number) => (paths[i] < paths[j] ? -1 : paths[i] > paths[j] ? 1 : 0);
  return paths
    .map((_, i) => i)
    .sort(byPath)
    .map((i) => syncs[i]) as T;
}

/** Canonical session inputs. */
export type SessionInputs = z.output<typeof sessionInputsSchema>;
/** Canonical session inputs holding no preview unknown: what create, update and delete act on. */
export type KnownSessionInputs = Known<SessionInputs>;

/** A user-declared input field of a session. */
export type SessionField = keyof typeof sessionFieldsSchema.shape;

/** The user-declared input fields, in the order diff reports them (the schema's order). */
export const SESSION_FIELDS: readonly SessionField[] = Object.keys(sessionFieldsSchema.shape) as SessionField[];

function norm(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}

function overlaps(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  return x === y || y.startsWith(x === "/" ? "/" : `${x}/`) || x.startsWith(y === "/" ? "/" : `${y}/`);
}

/** Two syncs on the same or nested mount paths would fight over the same files. */
function checkMountPaths(v: { contextSyncs: unknown; browserContext?: unknown }, ctx: z.RefinementCtx): void {
  const mounts: Array<{ path: string; where: PropertyKey[]; label: string }> = [];
  if (Array.isArray(v.contextSyncs)) {
    v.contextSyncs.forEach((s, i) => {
      const p = (s as { path?: unknown })?.path;
      if (typeof p === "string" && p !== UNKNOWN)
        mounts.push({ path: p, where: ["contextSyncs", i, "path"], label: `contextSyncs[${i}].path` });
    });
  }
  const bc = v.browserContext as { extensionOption?: unknown } | undefined;
  if (bc && typeof bc === "object") {
    mounts.push({ path: BROWSER_DATA_PATH, where: ["browserContext"], label: `the browser-data mount ${BROWSER_DATA_PATH}` });
    if (bc.extensionOption && typeof bc.extensionOption === "object") {
      mounts.push({ path: EXTENSIONS_PATH, where: ["browserContext", "extensionOption"], label: `the extension mount ${EXTENSIONS_PATH}` });
    }
  }
  for (let j = 1; j < mounts.length; j++) {
    for (let i = 0; i < j; i++) {
      if (overlaps(mounts[i].path, mounts[j].path)) {
        ctx.addIssue({
          code: "custom",
          path: mounts[j].where,
          message: `mount path ${mounts[j].path} is the same as or nested with ${mounts[i].label} (${mounts[i].path})`,
        });
        break;
      }
    }
  }
}
