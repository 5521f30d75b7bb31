/**
 * The `agb:BrowserExtension` dynamic provider: a local extension `.zip` uploaded into an extension
 * context as `/tmp/extensions/ext_<32 hex>.zip` (where the official SDK keeps extensions, with ids
 * of that form: agbcloud-sdk python/agb/extension.py). Each create draws a random id, as the SDK's
 * own extension service does, so every resource has a file of its own: two resources built from
 * one zip (in one stack or two) never share a file that either could delete. (An id derived from
 * the bytes would put them in one file, and AGB offers no count of who else holds a file.) New
 * bytes replace the resource: a new id, a new file, the old one deleted after. Upload, read, update
 * and delete are the ContextFile handlers on the resource's path.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { configuredEndpoint, getApi } from "../../config";
import { UNKNOWN, compact, issuesToFailures, splitHidden, unk } from "../shared/check-helpers";
import type { CheckResult } from "../shared/check-helpers";
import * as files from "../context-file";
import { CHANGED_OUT_OF_BAND } from "../context-file/schema";
import { changedFields, outcomeOf } from "../shared/diff";
import type { DiffOutcome, DiffRules } from "../shared/diff";
import { assertSameBackend, describe } from "../shared/errors";
import { markCreating, sweepExtensionLeftovers, unmark } from "./leftovers";
import { deleteContextFileAt } from "../shared/context-file-transfer";
import { HOLDER_OUTPUT, fileKey, letGo } from "../shared/held-in-process";
import { isZipFile } from "./zip-check";
import { EXTENSIONS_PATH } from "../shared/mount-paths";
import { pickFields } from "../shared/fields";
import { createReport, passedRunKey } from "../shared/run-keys";

/** Where the SDK keeps extension archives inside the extension context (the session's extension mount). */
export const EXTENSIONS_FOLDER = EXTENSIONS_PATH.replace(/\/$/, "");

/**
 * New bytes (sha256) or another context: replace (a new id; the new file is uploaded before the old
 * one is deleted, and they never share a path).
 */
export const BROWSER_EXTENSION_RULES: DiffRules = {
  fields: ["contextId", "source", "sha256"],
  replaceOnChange: ["contextId", "sha256"],
};

/** After a refresh saw the file changed out of band (same id): the bytes are uploaded again in place. */
const REPAIR_RULES: DiffRules = { fields: BROWSER_EXTENSION_RULES.fields, replaceOnChange: ["contextId"] };

/** What the user gives (the schema of the plugin form is generated from it: scripts/plugin-schema/). */
export const browserExtensionArgsSchema = z.strictObject({
  contextId: unk(
    z
      .string({ error: (i) => (i.input === undefined ? "required: the id of the extension context" : "must be a string") })
      .trim()
      .min(1, { error: "must not be empty" }),
  ),
  source: unk(
    z
      .string({ error: (i) => (i.input === undefined ? "required: a local .zip file" : "must be a string") })
      .min(1, { error: "must not be empty" }),
  ),
});

/** A fresh `ext_<32 random hex>.zip`. */
function newExtensionId(): string {
  return `ext_${randomBytes(16).toString("hex")}.zip`;
}

/** Validates that the source is a zip and measures it (the id and path are drawn at create). */
export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  const { visible, hidden } = splitHidden(news ?? {});
  const parsed = browserExtensionArgsSchema.safeParse(visible);
  if (!parsed.success) return { inputs: news, failures: issuesToFailures(parsed.error.issues) };
  const { contextId, source } = parsed.data;
  const run = passedRunKey(hidden);
  if (source === UNKNOWN) return { inputs: compact({ contextId, source, sha256: UNKNOWN, ...run }), failures: [] };
  const measured = await files.check(olds, { contextId, source, path: `${EXTENSIONS_FOLDER}/pending.zip` });
  if (measured.failures.length > 0) return { inputs: news, failures: measured.failures };
  const zip = await isZipFile(source);
  if (zip !== true) return { inputs: news, failures: [{ property: "source", reason: zip }] };
  return { inputs: compact({ contextId, source, sha256: measured.inputs.sha256, size: measured.inputs.size, ...run }), failures: [] };
}

export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
  assertSameBackend("BrowserExtension", id, olds?.endpoint, configuredEndpoint());
  const rules = olds?.sha256 === CHANGED_OUT_OF_BAND ? REPAIR_RULES : BROWSER_EXTENSION_RULES;
  return outcomeOf(rules, changedFields(rules, olds ?? {}, pickFields(news, rules.fields)));
}

function withExtensionId(outs: Record<string, unknown>): Record<string, unknown> {
  const path = String(outs.path ?? "");
  return { ...outs, extensionId: path.slice(EXTENSIONS_FOLDER.length + 1) };
}

/**
 * Uploads the zip under a fresh id, marked as running while it does (extension-leftovers.ts: the
 * mark is how a later create finds a file this one leaves if it is cut short, and the look at the
 * other marks is that later create's part). The resource id is `<contextId>:<path>`.
 */
export async function create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const api = getApi();
  const contextId = String(inputs.contextId);
  const extensionId = newExtensionId();
  const path = `${EXTENSIONS_FOLDER}/${extensionId}`;
  let made: { id: string; outs: Record<string, unknown> } | undefined;
  let reported: string[];
  try {
    await markCreating(api, contextId, extensionId);
    reported = await sweepExtensionLeftovers(api, contextId, extensionId, EXTENSIONS_FOLDER);
    made = await files.createAtOwnPath({ ...inputs, path });
    await unmark(api, contextId, extensionId);
  } catch (err) {
    if (made) letGo(fileKey(api.endpoint, contextId, path), made.outs[HOLDER_OUTPUT]);
    throw await giveUp(contextId, extensionId, path, err as Error);
  }
  // Leftovers of other creates, reported by id: the program prints them (leftover-report.ts).
  return { id: made.id, outs: compact({ ...withExtensionId(made.outs), ...createReport(inputs, reported) }) };
}

/** A failed create removes what it wrote (the zip, then its mark); what it cannot remove, it says. */
async function giveUp(contextId: string, extensionId: string, path: string, cause: Error): Promise<Error> {
  const api = getApi();
  try {
    await deleteContextFileAt(api, contextId, path);
    await unmark(api, contextId, extensionId);
    return cause;
  } catch (err) {
    return new Error(
      `${cause.message} What this create wrote (${path} in context ${contextId}) could not be removed (${describe(err)}); no resource ` +
        `records it: a BrowserExtension create in this context more than two hours from now deletes it, or delete it with the AGB SDK.`,
    );
  }
}

export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  const r = await files.read(id, props);
  if (!r.id || !r.props) return r;
  return { ...r, props: withExtensionId(r.props), inputs: r.inputs && pickFields(r.inputs, [...BROWSER_EXTENSION_RULES.fields, "size"]) };
}

export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ outs: Record<string, unknown> }> {
  const r = await files.update(id, olds, { ...news, path: olds?.path });
  return { outs: withExtensionId(r.outs) };
}

export const deleteBrowserExtension = files.deleteContextFile;
