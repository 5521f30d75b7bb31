/**
 * The `agb:ContextFile` dynamic provider: one file in a context. A content change (by sha256)
 * uploads again in place; a context or path change replaces; delete removes the file; read finds
 * the file in its folder's listing and reports a size or modification-time change as drift.
 */
import { createHash } from "node:crypto";
import { configuredEndpoint, getApi } from "../../config";
import { UNKNOWN, compact, issuesToFailures, splitHidden } from "../shared/check-helpers";
import type { CheckFailure } from "../shared/check-helpers";
import {
  CHANGED_OUT_OF_BAND,
  CONTEXT_FILE_RULES,
  canonicalFilePath,
  choiceFailures,
  contextFileArgsSchema,
  contextFileInputsSchema,
} from "./schema";
import type { ContextFileInputs } from "./schema";
import { deleteContextFileAt, findContextFile, uploadContextFile } from "../shared/context-file-transfer";
import { changedFields, outcomeOf } from "../shared/diff";
import type { DiffOutcome } from "../shared/diff";
import { MAX_CONTEXT_FILE_BYTES, contentBody, measure, sourceBody, sourceSize } from "../shared/file-body";
import type { FileBody } from "../shared/file-body";
import { assertSameBackend, describe, isNotFound } from "../shared/errors";
import { pickFields } from "../shared/fields";
import { parsedInputs } from "../shared/parse-inputs";
import type { AgbApi } from "../../client/types";
import { clearWriteMarks, underWriteClaim } from "./write-claim";
import { HOLDER_OUTPUT, fileKey, heldByAnother, hold, letGo, newHolderToken, noteDeleted, wasDeletedHere } from "../shared/held-in-process";

/** Validates, canonicalizes the path and measures the bytes (streaming a source file). */
export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ inputs: Record<string, unknown>; failures: CheckFailure[] }> {
  const { visible } = splitHidden(news ?? {});
  const parsed = contextFileArgsSchema.safeParse(visible);
  if (!parsed.success) return { inputs: news, failures: issuesToFailures(parsed.error.issues) };
  const args = parsed.data;
  const failures = choiceFailures(args);
  if (failures.length > 0) return { inputs: news, failures };
  const path = args.path === UNKNOWN ? UNKNOWN : (canonicalFilePath(args.path) as { path: string }).path;
  let measured: { sha256?: string; size?: number } = { sha256: UNKNOWN };
  if (args.content !== undefined) {
    // No digest or size of `content` in the inputs: content may be a secret, which the dynamic
    // provider cannot tell (secrets arrive unwrapped), and a new input key would be stored in clear.
    // diff and update measure it themselves (contentMeasured); the outputs are secret (the resource).
    const size = args.content === UNKNOWN ? 0 : Buffer.byteLength(args.content, "utf8");
    if (size > MAX_CONTEXT_FILE_BYTES)
      return {
        inputs: news,
        failures: [{ property: "content", reason: `has ${size} bytes; the limit is ${MAX_CONTEXT_FILE_BYTES} (512 MiB)` }],
      };
    measured = {};
  } else if (args.source !== undefined && args.source !== UNKNOWN) {
    const found = await sourceSize(args.source);
    if ("problem" in found) return { inputs: news, failures: [{ property: "source", reason: found.problem }] };
    measured = await measure(sourceBody(args.source, found.size));
  }
  return { inputs: compact({ ...args, path, ...measured }), failures: [] };
}

/** The inputs with `sha256` and `size` of a known `content` filled in (check leaves them out, see there). */
export function contentMeasured(inputs: Record<string, unknown>): Record<string, unknown> {
  const content = inputs?.content;
  if (typeof content !== "string" || content === UNKNOWN) return inputs;
  return { ...inputs, sha256: createHash("sha256").update(content, "utf8").digest("hex"), size: Buffer.byteLength(content, "utf8") };
}

/** Shared diff routine over {@link CONTEXT_FILE_RULES}. */
export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
  assertSameBackend("ContextFile", id, olds?.endpoint, configuredEndpoint());
  return outcomeOf(
    CONTEXT_FILE_RULES,
    changedFields(CONTEXT_FILE_RULES, olds ?? {}, pickFields(contentMeasured(news), CONTEXT_FILE_RULES.fields)),
  );
}

function bodyOf(inputs: ContextFileInputs): FileBody {
  if (inputs.content !== undefined) return contentBody(inputs.content);
  return sourceBody(inputs.source as string, inputs.size ?? 0);
}

/** Uploads and builds the outputs: the canonical inputs, with the hash and size of what was sent. */
async function upload(inputs: ContextFileInputs, holder: unknown): Promise<Record<string, unknown>> {
  const api = getApi();
  let body = bodyOf(inputs);
  if (inputs.source !== undefined) {
    // The file may have changed since check: send it as it is now, within the limit.
    const found = await sourceSize(inputs.source);
    if ("problem" in found) throw new Error(`source: ${found.problem}`);
    body = sourceBody(inputs.source, found.size);
  }
  const sent = await uploadContextFile(api, inputs.contextId, inputs.path, body);
  let entry;
  try {
    entry = await findContextFile(api, inputs.contextId, inputs.path);
  } catch {
    entry = undefined; // the listing may lag an upload (docs/agb-protocol.md §13); the upload itself succeeded
  }
  return compact({
    ...pickFields(inputs, CONTEXT_FILE_RULES.fields),
    sha256: sent.sha256,
    size: sent.size,
    fileId: entry?.fileId || undefined,
    modifiedTime: entry?.gmtModified || undefined,
    endpoint: api.endpoint,
    [HOLDER_OUTPUT]: holder,
  });
}

/**
 * The id names the file: `<contextId>:<path>`. A second ContextFile of this deployment at the same
 * place is refused before any AGB call; a file already there is refused unless adoptExisting, before
 * anything is written; and the path is claimed against creates of other stacks (write-claim.ts).
 */
export async function create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  return createFile(parsedInputs(contextFileInputsSchema, inputs, "ContextFile create"), true);
}

/**
 * create for a path no other create can name (a BrowserExtension's zip, under an id drawn for that
 * create alone): the same, without the claim against other stacks.
 */
export async function createAtOwnPath(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  return createFile(parsedInputs(contextFileInputsSchema, inputs, "ContextFile create"), false);
}

async function createFile(c: ContextFileInputs, claimPath: boolean): Promise<{ id: string; outs: Record<string, unknown> }> {
  const api = getApi();
  const holder = newHolderToken();
  const key = fileKey(api.endpoint, c.contextId, c.path);
  const deletedHere = wasDeletedHere(key); // taken before hold, which clears it
  if (hold(key, holder) !== undefined) {
    throw new Error(
      `Another resource of this stack writes ${c.path} in context ${c.contextId} in this deployment; two resources must not hold one file. Give one of them another path.`,
    );
  }
  const id = `${c.contextId}:${c.path}`;
  try {
    if (c.adoptExisting === true) {
      const outs = await upload(c, holder);
      // Its user states no one else writes there: marks of the path would only hold it a while.
      if (claimPath) await clearWriteMarks(api, c.contextId, c.path).catch(() => undefined);
      return { id, outs };
    }
    const write = async () => {
      if (!deletedHere) await refuseExisting(api, c);
      return upload(c, holder);
    };
    return { id, outs: claimPath ? await underWriteClaim(api, c.contextId, c.path, write) : await write() };
  } catch (err) {
    letGo(key, holder);
    throw err;
  }
}

/** Refuses a path where a file already is (taking it over is what adoptExisting says). */
async function refuseExisting(api: AgbApi, c: ContextFileInputs): Promise<void> {
  const existing = await findContextFile(api, c.contextId, c.path);
  if (!existing) return;
  throw new Error(
    `A file already exists at ${c.path} in context ${c.contextId}${typeof existing.size === "number" ? ` (${existing.size} bytes)` : ""}. ` +
      `If no other resource manages it, set adoptExisting: true to take it over with this resource (its bytes are replaced, ` +
      `and destroy deletes it); otherwise choose another path.`,
  );
}

/** Gone when the file (or its context) is gone; a size or modification time change is drift. */
export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  assertSameBackend("ContextFile", id, props?.endpoint, configuredEndpoint());
  const contextId = String(props?.contextId ?? "");
  const path = String(props?.path ?? "");
  let entry;
  try {
    entry = await findContextFile(getApi(), contextId, path);
  } catch (err) {
    if (isNotFound(err)) return { id: "" };
    throw err;
  }
  if (!entry) return { id: "" };
  const sizeChanged = typeof props.size === "number" && typeof entry.size === "number" && entry.size !== props.size;
  const timeChanged = typeof props.modifiedTime === "string" && !!entry.gmtModified && entry.gmtModified !== props.modifiedTime;
  const sha256 = sizeChanged || timeChanged ? CHANGED_OUT_OF_BAND : props.sha256;
  const outs = compact({
    ...props,
    sha256,
    size: entry.size ?? props.size,
    modifiedTime: entry.gmtModified || props.modifiedTime,
    fileId: entry.fileId || props.fileId,
  });
  // The digest and size of `content` stay out of the inputs (see check).
  const measured = props.content === undefined ? { size: props.size, sha256 } : { size: undefined, sha256: undefined };
  const inputs = compact({ ...pickFields(props, CONTEXT_FILE_RULES.fields), ...measured });
  return { id, props: outs, inputs };
}

/** Uploads again when the bytes changed; a source/content switch with the same bytes only records it. */
export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ outs: Record<string, unknown> }> {
  assertSameBackend("ContextFile", id, olds?.endpoint, configuredEndpoint());
  const measured = contentMeasured(news);
  const n = parsedInputs(contextFileInputsSchema, measured, `ContextFile ${id} update`);
  if (n.sha256 !== olds?.sha256) return { outs: await upload(n, olds?.[HOLDER_OUTPUT]) };
  const kept = pickFields(olds, ["size", "fileId", "modifiedTime", "endpoint", HOLDER_OUTPUT]);
  return { outs: compact({ ...pickFields(measured, CONTEXT_FILE_RULES.fields), ...kept }) };
}

/**
 * DeleteContextFile; a file (or context) already gone is a successful delete. A file that another
 * create of this deployment wrote since (a replacement with `deleteBeforeReplace: false` that
 * adopted it) is left to that resource.
 */
export async function deleteContextFile(id: string, props: Record<string, unknown>): Promise<void> {
  assertSameBackend("ContextFile", id, props?.endpoint, configuredEndpoint());
  const api = getApi();
  const contextId = String(props?.contextId ?? "");
  const path = String(props?.path ?? "");
  const key = fileKey(api.endpoint, contextId, path);
  if (heldByAnother(key, props?.[HOLDER_OUTPUT])) return;
  letGo(key, props?.[HOLDER_OUTPUT]);
  try {
    await deleteContextFileAt(api, contextId, path);
    noteDeleted(key);
  } catch (err) {
    if (isNotFound(err)) return noteDeleted(key);
    throw new Error(`Deleting ${path} from context ${contextId} failed: ${describe(err)}`);
  }
}
