/**
 * The `agb:Context` dynamic provider: a persistent storage context, unique by name per account.
 * A rename is an in-place update (ModifyContext); deleting a context that holds files needs forceDestroy.
 */
import type { ContextInfo } from "../../client/types";
import { configuredEndpoint, getApi } from "../../config";
import { compact, issuesToFailures, splitHidden } from "../shared/check-helpers";
import type { CheckResult } from "../shared/check-helpers";
import { changedFieldsFromStored, outcomeOf } from "../shared/diff";
import type { DiffOutcome } from "../shared/diff";
import { CONTEXT_RULES, contextInputsSchema } from "./schema";
import { parsedInputs } from "../shared/parse-inputs";
import type { ContextFactOutput } from "./schema";
import { assertSameBackend, describe, isAmbiguous, isNotFound } from "../shared/errors";
import { pickFields } from "../shared/fields";
import { createReport, passedRunKey } from "../shared/run-keys";
import { deleteContextById } from "./delete-by-id";
import { createUnderFreshName, getOrCreate } from "./create";
import { HOLDER_OUTPUT, contextIdKey, contextNameKey, heldByAnother, hold, letGo, newHolderToken } from "../shared/held-in-process";

/**
 * The output record. `lastUsedTime` is left out on purpose: the service moves it whenever a session
 * uses the context, and the engine compares outputs on refresh (pulumi/pulumi
 * pkg/resource/deploy/step.go, RefreshStep.Apply: `!outputs.DeepEquals(s.old.Outputs)` marks the
 * resource modified, and with the legacy refresh diff (`UseLegacyRefreshDiff`, older CLIs) or an
 * external resource, ResultOp reports an output difference as an update), so keeping it would
 * report drift on every Context after every session run. Only facts that change when the
 * context itself changes are outputs. State written by earlier versions still holds it; the first
 * refresh or update drops it once.
 */
function outputs(inputs: Record<string, unknown>, info: ContextInfo, endpoint: string): Record<string, unknown> {
  // Typed by the list: a fact written here and not listed (or listed and not written) fails to compile.
  const written: Record<ContextFactOutput, unknown> = {
    contextId: info.id,
    name: info.name,
    state: info.state,
    createTime: info.createTime,
    endpoint,
  };
  return compact({ ...pickFields(inputs, CONTEXT_RULES.fields), ...written });
}

function comparable(props: Record<string, unknown>): Record<string, unknown> {
  const parsed = contextInputsSchema.safeParse(pickFields(props ?? {}, CONTEXT_RULES.fields));
  return parsed.success ? parsed.data : pickFields(props ?? {}, CONTEXT_RULES.fields);
}

/** zod parse + canonical defaults. Pure. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  const { visible, hidden } = splitHidden(news ?? {});
  const parsed = contextInputsSchema.safeParse(visible);
  if (!parsed.success) return { inputs: news, failures: issuesToFailures(parsed.error.issues) };
  return { inputs: { ...parsed.data, ...passedRunKey(hidden) }, failures: [] };
}

/** Shared diff routine over {@link CONTEXT_RULES}. */
export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
  // Diff is the first call an `up` makes for a resource in state: refuse a different backend here.
  assertSameBackend("Context", id, olds?.endpoint, configuredEndpoint());
  return outcomeOf(CONTEXT_RULES, changedFieldsFromStored(CONTEXT_RULES, olds, pickFields(news, CONTEXT_RULES.fields), comparable));
}

/**
 * Creates the context. Without adoptExisting the name must be free: {@link createUnderFreshName}
 * makes sure that of two creates of one name exactly one gets it. With adoptExisting an existing
 * context of that name is taken over. Either way a second Context of this deployment naming the
 * same context is refused before any call ({@link hold}).
 */
export async function create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> {
  const c = parsedInputs(contextInputsSchema, pickFields(inputs ?? {}, CONTEXT_RULES.fields), "Context create");
  const name = c.name;
  const api = getApi();
  const holder = newHolderToken();
  const nameKey = contextNameKey(api.endpoint, name);
  if (hold(nameKey, holder) !== undefined) {
    throw new Error(
      `Another Context of this stack names the context "${name}" in this deployment; two resources must not hold one context. ` +
        `Give one of them another name.`,
    );
  }
  try {
    const { info, reported } =
      c.adoptExisting === true ? { info: await getOrCreate(api, name), reported: [] } : await createUnderFreshName(api, name);
    if (hold(contextIdKey(api.endpoint, info.id), holder) !== undefined) {
      throw new Error(
        `Another Context of this stack holds context ${info.id} ("${name}") in this deployment; two resources must not hold one context.`,
      );
    }
    // Leftovers of earlier creates of the name, reported by id: the program prints them (leftover-report.ts).
    return {
      id: info.id,
      outs: compact({ ...outputs(c, info, api.endpoint), [HOLDER_OUTPUT]: holder, ...createReport(inputs, reported) }),
    };
  } catch (err) {
    letGo(nameKey, holder);
    throw err;
  }
}

/** The deleted context's holds of this process (so a later create of the name in this deployment may take it). */
function letGoOf(endpoint: string, id: string, props: Record<string, unknown>): void {
  letGo(contextIdKey(endpoint, id), props?.[HOLDER_OUTPUT]);
  letGo(contextNameKey(endpoint, String(props?.name ?? "")), props?.[HOLDER_OUTPUT]);
}

/** Out-of-band deletion -> blank id; an out-of-band rename comes back as drift in the returned inputs. */
export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  assertSameBackend("Context", id, props?.endpoint, configuredEndpoint());
  const api = getApi();
  let info: ContextInfo;
  try {
    info = await api.getContext({ id });
  } catch (err) {
    if (isNotFound(err)) return { id: "" };
    throw err;
  }
  const inputs = { ...comparable({ ...props, name: props?.name ?? info.name }), name: info.name };
  return { id, props: { ...outputs(inputs, info, api.endpoint), ...pickFields(props ?? {}, [HOLDER_OUTPUT]) }, inputs: compact(inputs) };
}

/** A rename is ModifyContext; the flags only change state. */
export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ outs: Record<string, unknown> }> {
  assertSameBackend("Context", id, olds?.endpoint, configuredEndpoint());
  const api = getApi();
  const n = parsedInputs(contextInputsSchema, pickFields(news ?? {}, CONTEXT_RULES.fields), `Context ${id} update`);
  if (n.name !== olds?.name) await api.modifyContext(id, n.name);
  const info = await api.getContext({ id });
  return { outs: { ...outputs(n, info, api.endpoint), ...pickFields(olds ?? {}, [HOLDER_OUTPUT]) } };
}

/**
 * Refuses while files remain unless forceDestroy; a context already gone is a successful delete. A
 * context that another create of this deployment took over (a replacement that adopted it before
 * this, the old resource, is deleted) is left to that resource.
 */
export async function deleteContext(id: string, props: Record<string, unknown>): Promise<void> {
  assertSameBackend("Context", id, props?.endpoint, configuredEndpoint());
  const api = getApi();
  if (heldByAnother(contextIdKey(api.endpoint, id), props?.[HOLDER_OUTPUT])) return;
  try {
    if (props?.forceDestroy !== true) {
      const { files, count } = await api.describeContextFiles({ contextId: id, pageNumber: 1, pageSize: 10 });
      const total = Math.max(count ?? 0, files.length);
      if (total > 0) {
        const sample = files
          .slice(0, 3)
          .map((f) => f.filePath || f.fileName)
          .join(", ");
        throw new Error(
          `Context ${id} ("${String(props?.name ?? "")}") still holds ${total} file(s)${sample ? ` (${sample}${total > 3 ? ", ..." : ""})` : ""}; ` +
            `deleting it would destroy them. Set forceDestroy: true (and run \`pulumi up\`) to delete it anyway.`,
        );
      }
    }
    await deleteContextById(api, id);
    letGoOf(api.endpoint, id, props);
  } catch (err) {
    if (isNotFound(err)) return letGoOf(api.endpoint, id, props);
    if (err instanceof Error && !(err as { code?: unknown }).code) throw err;
    throw new Error(`Deleting context ${id} failed: ${describe(err)}`);
  }
}
