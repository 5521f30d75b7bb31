/**
 * The `agb:Session` lifecycle. check, diff, read and update are here; the rest has a file each:
 *
 *   schema.ts, args.ts, fields.ts    inputs (zod schema + canonical defaults), the args users see, their ties
 *   ../../dynamic/session.ts         the program-side class
 *   default-labels.ts                `agb:defaultLabels`, checked like `labels`
 *   wire.ts                          inputs -> createSession request; which mounts upload on delete
 *   labels.ts                        provider-managed labels: identity, creation token, claim
 *   create.ts, extensions.ts         create (token lookup, adoption of unclaimed), the extension-id check
 *   ../../dynamic/claim.ts           program side: claim the session once the engine recorded it
 *   in-state.ts                      sessions this process knows a resource owns
 *   diff.ts                          changed fields, replacement and its order
 *   state.ts                         outputs, stored state parsing, GONE statuses
 *   delete.ts                        upload the marked mounts, then release
 *
 * States of one resource, and what moves it (the engine's calls in brackets):
 *
 *   [create] --createSession(claim=unclaimed)--> PENDING --RUNNING--> create-time syncs done
 *       |  lost answer: look again by token (waits, under timeouts.create); adopt only unclaimed
 *       |  any failure once the id exists: PARTIAL (error carries id + state)
 *       v
 *   engine records id -> program sets claim=claimed (claim.ts)
 *       v
 *   LIVE <--[update]-- labels in place, claim included (PARTIAL -> [update] finishes the create)
 *     |  [diff] replace: create-before-delete, or delete-before-replace when the old session
 *     |         uploads to a context the new one downloads (diff.ts); `up --replace` skips diff
 *     |  [read] FINISH/DELETED/not found -> gone (removed from state); access errors stay errors
 *     v
 *   [delete] PENDING: release at once (nothing was downloaded)
 *            RUNNING: state must parse -> upload each mount marked autoUpload -> all Success ->
 *                     releaseSessionAsync -> DELETING -> FINISH -> gone
 *                     a failed upload stops here, still RUNNING, nothing lost
 *
 * Canonical defaults are filled in check only; olds in diff/update are previous outputs.
 */
import type { AgbApi } from "../../client/types";
import { configuredEndpoint, getApi } from "../../config";
import { compact, issuesToFailures, splitHidden, UNKNOWN } from "../shared/check-helpers";
import type { CheckResult } from "../shared/check-helpers";
import { checkedDefaultLabels } from "./default-labels";
import { changedFields } from "../shared/diff";
import type { DiffOutcome } from "../shared/diff";
import { adoptionChanged, sessionDiff } from "./diff";
import { assertSameBackend, describe, isNotFound, ResourceInitError } from "../shared/errors";
import { waitForCreateSyncs, waitForRunning } from "./create";
import { CLAIM_LABEL, CLAIMED, managedLabels, onlyManaged, TOKEN_LABEL, userLabels } from "./labels";
import { noteSessionInState } from "./in-state";
import { passedRunKey } from "../shared/run-keys";
import {
  ATTEMPT_KEY,
  CLAIM_PENDING_KEY,
  canonicalFrom,
  CREATED_IN_KEY,
  GONE_STATUSES,
  hiddenIdentity,
  identityOf,
  keepStoredCredentials,
  SESSION_RULES,
  sessionOutputs,
  storedSessionInputs,
} from "./state";
import { SESSION_FIELDS, sessionInputsSchema } from "./schema";
import { pickFields } from "../shared/fields";
import { known } from "../shared/parse-inputs";

export { create } from "./create";
export { deleteSession } from "./delete";

function sortedLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k];
  return out;
}

/** zod parse + canonical defaults + `agb:defaultLabels` (validated here too). Pure: no API call. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
  const { visible, hidden } = splitHidden(news ?? {});
  const parsed = sessionInputsSchema.safeParse(visible);
  // The stack setting is checked even when the labels are not known yet (preview), so a bad value
  // shows in every preview instead of failing create.
  const defaults = checkedDefaultLabels();
  if (!parsed.success || defaults.failures.length > 0) {
    return { inputs: news, failures: [...(parsed.success ? [] : issuesToFailures(parsed.error.issues)), ...defaults.failures] };
  }
  const inputs: Record<string, unknown> = { ...parsed.data, ...hiddenIdentity(hidden), ...passedRunKey(hidden) };
  if (inputs.labels !== UNKNOWN) {
    // Like default tags: the stack-wide labels, overridden by the resource's own.
    inputs.labels = sortedLabels({ ...defaults.labels, ...(inputs.labels as Record<string, string>) });
  }
  return { inputs: compact(inputs), failures: [] };
}

/**
 * Changed fields, replacement and its order (diff.ts); an unfinished create (ready false)
 * asks for an update.
 */
export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffOutcome> {
  noteSessionInState(id);
  // Diff is the first call an `up` makes for a resource in state: refuse a different backend here.
  assertSameBackend("Session", id, olds?.endpoint, configuredEndpoint());
  return sessionDiff(id, olds, news);
}

/** Reads the live session; released, FINISH or unknown -> blank id. Returns inputs so drift shows. */
export async function read(
  id: string,
  props: Record<string, unknown>,
): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }> {
  noteSessionInState(id);
  assertSameBackend("Session", id, props?.endpoint, configuredEndpoint());
  const api = getApi();
  let details;
  let labels: Record<string, string>;
  try {
    details = await api.getSession(id);
    if (details.status && GONE_STATUSES.has(details.status)) return { id: "" };
    labels = await api.getLabels(id);
  } catch (err) {
    if (isNotFound(err)) return { id: "" };
    throw err;
  }
  const inputs = compact({ ...pickFields(props ?? {}, SESSION_FIELDS), ...hiddenIdentity(props ?? {}), labels: userLabels(labels) });
  const outs = sessionOutputs(inputs, {
    sessionId: id,
    endpoint: api.endpoint,
    creationToken: labels[TOKEN_LABEL] ?? (props?.creationToken as string | undefined),
    ready: props?.ready !== false,
    details: keepStoredCredentials(props, id, details),
    createdIn: props?.[CREATED_IN_KEY],
    attemptId: props?.[ATTEMPT_KEY],
    // Sessions from before the claim label (none) are left as they are.
    claimPending: labels[CLAIM_LABEL] !== undefined && labels[CLAIM_LABEL] !== CLAIMED,
  });
  return { id, props: outs, inputs };
}

/**
 * The provider-managed labels to send with SetLabel, without a GetLabel round trip: they are a pure
 * function of the creation token and the identity, both recorded in the outputs by every version
 * of this provider, so this is exactly the set create (or adoption) labelled the session with
 * (identity parts that were empty then were left out then, and are left out now). Outputs without
 * a creation token fall back to reading the live labels.
 */
async function managedLabelsOf(api: AgbApi, id: string, olds: Record<string, unknown>): Promise<Record<string, string>> {
  if (typeof olds?.creationToken === "string" && olds.creationToken !== "") return managedLabels(identityOf(olds), olds.creationToken);
  return onlyManaged(await api.getLabels(id));
}

/** Labels only (everything else replaces or is provider-side); returns every output. */
export async function update(
  id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<{ outs: Record<string, unknown> }> {
  noteSessionInState(id);
  assertSameBackend("Session", id, olds?.endpoint, configuredEndpoint());
  // Stored state that does not parse stops here, before any API call (state.ts says why).
  const stored = storedSessionInputs(id, olds, "update");
  const api = getApi();
  const changed = changedFields(SESSION_RULES, stored, pickFields(news, SESSION_FIELDS));
  const replacing = changed.filter((f) => SESSION_RULES.replaceOnChange.includes(f));
  if (adoptionChanged(id, news)) replacing.push("adoptSessionId");
  if (replacing.length > 0)
    throw new Error(`Session ${id}: ${replacing.join(", ")} cannot change in place (the engine should have replaced it)`);

  const parsed = canonicalFrom(news);
  // The engine passes checked inputs; anything else must not be applied as "no labels".
  if (!parsed)
    throw new Error(`Session ${id}: the new inputs do not parse; run \`pulumi preview\` to see the check failures. Nothing was changed.`);
  const canonical = known(parsed, `Session ${id} update`);
  const wanted = canonical.labels;
  if (changed.includes("labels") || olds?.ready === false || olds?.[CLAIM_PENDING_KEY] === true) {
    // Provider-managed labels are kept: a label update never removes them.
    const managed = await managedLabelsOf(api, id, olds);
    await api.setLabels(id, { ...wanted, ...managed });
    // Whether SetLabel merges or replaces is undocumented: read back and say so if keys linger or
    // a managed label went missing.
    const actual = await api.getLabels(id);
    const users = userLabels(actual);
    if (JSON.stringify(users) !== JSON.stringify(sortedLabels(wanted))) {
      throw new Error(
        `Session ${id}: labels after SetLabel are ${JSON.stringify(users)}, expected ${JSON.stringify(sortedLabels(wanted))}`,
      );
    }
    const lost = Object.keys(managed).filter((k) => actual[k] !== managed[k]);
    if (lost.length > 0) throw new Error(`Session ${id}: provider-managed labels ${lost.join(", ")} did not survive SetLabel`);
  }
  const facts = {
    sessionId: id,
    endpoint: (olds?.endpoint as string) ?? api.endpoint,
    creationToken: olds?.creationToken as string | undefined,
  };
  if (olds?.ready === false) {
    // Finishing a create that failed part-way: the initial downloads must have succeeded by now.
    const seconds = canonical.timeouts.create;
    const deadline = Date.now() + seconds * 1000;
    let reasons = await waitForRunning(api, id, deadline);
    if (reasons.length === 0) {
      reasons = await waitForCreateSyncs(api, id, deadline);
      if (reasons.length > 0) {
        // Download again what failed (SyncContext download makes fresh tasks; the latest per sync counts).
        try {
          await api.syncContext({ sessionId: id, mode: "download" });
          reasons = await waitForCreateSyncs(api, id, deadline);
        } catch (err) {
          reasons = [...reasons, `downloading again failed: ${describe(err)}`];
        }
      }
    }
    if (reasons.length > 0) {
      const outs = sessionOutputs(news, {
        ...facts,
        ready: false,
        details: await api.getSession(id).catch(() => undefined),
        createdIn: olds?.[CREATED_IN_KEY],
        attemptId: olds?.[ATTEMPT_KEY],
      });
      throw new ResourceInitError(id, { ...news, ...outs }, [
        `session ${id} is still not ready: ${reasons.join("; ")}`,
        "the next `pulumi up` checks it again; to start over, replace it with `pulumi up --replace <urn>`",
      ]);
    }
  }
  const details = await api.getSession(id);
  return {
    outs: sessionOutputs(news, { ...facts, ready: true, details, createdIn: olds?.[CREATED_IN_KEY], attemptId: olds?.[ATTEMPT_KEY] }),
  };
}
