/**
 * The `agb:BrowserExtension` dynamic provider: a local extension `.zip` uploaded into an extension
 * context as `/tmp/extensions/ext_<32 hex>.zip` (where the official SDK keeps extensions, with ids
 * of that form: agbcloud-sdk python/agb/extension.py). The id is derived from the zip's sha256, so
 * it is stable across runs and machines; new bytes mean a new id, hence a new file (replace).
 * Upload, read, update and delete are the ContextFile handlers on the derived path.
 */
import { configuredEndpoint } from "../config";
import { UNKNOWN, compact, issuesToFailures, splitHidden, unk } from "./check-helpers";
import type { CheckFailure } from "./check-helpers";
import * as files from "./context-file";
import { changedFields, outcomeOf } from "./diff";
import type { DiffOutcome, DiffRules } from "./diff";
import { assertSameBackend } from "./errors";
import { isZipFile } from "./zip-check";
import { EXTENSIONS_PATH } from "./session/schema";
import { pickFields } from "./session/state";
import { z } from "zod";

/** Where the SDK keeps extension archives inside the extension context (the session's extension mount). */
export const EXTENSIONS_FOLDER = EXTENSIONS_PATH.replace(/\/$/, "");

/**
 * A content change gives a new id and path: replace (the new file is uploaded before the old one is
 * deleted; they never share a path). A change seen only by refresh (same id) re-uploads in place.
 */
export const BROWSER_EXTENSION_RULES: DiffRules = {
  fields: ["contextId", "path", "source", "sha256"],
  replaceOnChange: ["contextId", "path"],
};

const argsSchema = z.strictObject({
  contextId: unk(z.string({ error: (i) => (i.input === undefined ? "required: the id of the extension context" : "must be a string") }).trim().min(1, { error: "must not be empty" })),
  source: unk(z.string({ error: (i) => (i.input === undefined ? "required: a local .zip file" : "must be a string") }).min(1, { error: "must not be empty" })),
});

/** `ext_<first 32 hex of the sha256>.zip`. */
export function extensionIdOf(sha256: string): string {
  return `ext_${sha256.slice(0, 32)}.zip`;
}

/** Validates that the source is a zip, measures it and derives the id and path. */
export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const { visible } = splitHidden(news ?? {});
  const parsed = argsSchema.safeParse(visible);
  if (!parsed.success) return { inputs: news, failures: issuesToFailures(parsed.error.issues) };
  const { contextId, source } = parsed.data;
  if (source === UNKNOWN) return { inputs: compact({ contextId, source, path: UNKNOWN, sha256: UNKNOWN }), failures: [] };
  const measured = await files.check(olds, { contextId, source, path: `${EXTENSIONS_FOLDER}/pending.zip` });
  if (measured.failures.length > 0) return { inputs: news, failures: measured.failures };
  const zip = await isZipFile(source);
  if (zip !== true) return { inputs: news, failures: [{ property: "source", reason: zip }] };
  const sha256 = measured.inputs.sha256 as string;
  return { inputs: compact({ contextId, source, path: `${EXTENSIONS_FOLDER}/${extensionIdOf(sha256)}`, sha256, size: measured.inputs.size }), failures: [] };
}

export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
  assertSameBackend("BrowserExtension", id, olds?.endpoint, configuredEndpoint());
  return outcomeOf(BROWSER_EXTENSION_RULES, changedFields(BROWSER_EXTENSION_RULES, olds ?? {}, pickFields(news, BROWSER_EXTENSION_RULES.fields)));
}

function withExtensionId(outs: Record<string, unknown>): Record<string, unknown> {
  const path = String(outs.path ?? "");
  return { ...outs, extensionId: path.slice(EXTENSIONS_FOLDER.length + 1) };
}

/** Uploads the zip; the resource id is the extension id's file path in its context. */
export async function create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const r = await files.create(inputs);
  return { id: r.id, outs: withExtensionId(r.outs) };
}

export async function read(id: string, props: Record<string, unknown>): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  const r = await files.read(id, props);
  if (!r.id || !r.props) return r;
  return { ...r, props: withExtensionId(r.props), inputs: r.inputs && pickFields(r.inputs, [...BROWSER_EXTENSION_RULES.fields, "size"]) };
}

export async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }> {
  const r = await files.update(id, olds, news);
  return { outs: withExtensionId(r.outs) };
}

export const deleteBrowserExtension = files.deleteContextFile;
