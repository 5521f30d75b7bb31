/**
 * The `agb` provider plugin's Provider object (`@pulumi/pulumi/provider` interface): each call goes
 * to the dynamic form's handlers (resources.ts), with what the dynamic form's program side does
 * done here instead:
 *
 * - identity: the Session class sends project, stack and name as hidden inputs; here they come
 *   from the URN the engine passes to check, so a session gets the same managed labels and the same
 *   creation token in both forms.
 * - the run id: check adds this plugin process's id as the Session's run input, so create echoes
 *   it and the plugin knows which sessions its own creates made (or took back).
 * - the suspects warning: create's report of handed-over sessions it left alone goes to the
 *   engine's log on the resource (engine-log.ts).
 * - the claim: the program claims a session once the engine answered its registration, which only
 *   comes after the engine saved the create in the snapshot. The plugin never learns that moment,
 *   so a session its create made is recorded with the claim pending (`__agbClaimPending`), and
 *   the first later call that carries the id from the stack's state (diff in the next preview or
 *   up, or update) claims it: the engine could not have passed the id otherwise (claim-later.ts).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLAIM_PENDING_KEY, CREATED_IN_KEY, RUN_KEY, SESSION_RULES, SUSPECTS_KEY } from "../resources/session/state";
import { suspectReport } from "../resources/session/token-search";
import { contextLeftoverReport } from "../resources/context/leftovers";
import { extensionLeftoverReport } from "../resources/browser-extension/leftovers";
import { claimIfPending } from "./claim-later";
import { warnOn } from "./engine-log";
import { invokeFunction } from "./functions";
import { parseUrn, RESOURCE_HANDLERS, SCHEMA_TEXT, secretOutputsOf, SESSION_TOKEN } from "./resources";
import type { DynamicHandlers } from "./resources";
import { withSecretOutputs } from "./secrets";

/** The warning naming objects a create found recorded nowhere and left alone, per type. */
const LEFTOVER_REPORTS: Record<string, (name: string, outs: Record<string, unknown>, ids: string[]) => string> = {
  [SESSION_TOKEN]: (name, _outs, ids) => suspectReport(name, ids),
  "agb:index:Context": (_name, outs, ids) => contextLeftoverReport(String(outs.name), ids),
  "agb:index:BrowserExtension": (_name, outs, ids) => extensionLeftoverReport(String(outs.contextId), ids),
};

/** This plugin process's run id: one per engine run (the engine starts one plugin per update). */
const RUN_ID = randomUUID();

function handlersOf(urn: string): { type: string; name: string; handlers: DynamicHandlers } {
  const { type, name } = parseUrn(urn);
  const handlers = RESOURCE_HANDLERS[type];
  if (!handlers) throw new Error(`unknown resource type ${type} (known: ${Object.keys(RESOURCE_HANDLERS).join(", ")})`);
  return { type, name, handlers };
}

/** The hidden identity inputs the Session class would have sent, from the URN. */
function withIdentity(urn: string, type: string, news: Record<string, unknown>): Record<string, unknown> {
  if (type !== SESSION_TOKEN) return news;
  const { project, stack, name } = parseUrn(urn);
  return { ...news, __agbProject: project, __agbStack: stack, __agbName: name, [RUN_KEY]: RUN_ID };
}

/** The package version the plugin reports (package.json's). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export const agbProvider = {
  version: packageVersion(),

  async getSchema(): Promise<string> {
    return SCHEMA_TEXT;
  },

  async check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const { type, handlers } = handlersOf(urn);
    return handlers.check(olds ?? {}, withIdentity(urn, type, news ?? {}));
  },

  async diff(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const { type, handlers } = handlersOf(urn);
    if (type !== SESSION_TOKEN) return handlers.diff(id, olds, news);
    const stored = await claimIfPending(id, urn, withImportedFields(olds, news));
    const outcome = await handlers.diff(id, stored, news);
    // An imported session's first diff records what the program declares (see IMPORTED_KEY).
    return olds?.[IMPORTED_KEY] === true && !outcome.replaces?.length ? { ...outcome, changes: true } : outcome;
  },

  async create(urn: string, inputs: Record<string, unknown>) {
    const { type, name, handlers } = handlersOf(urn);
    const result = await handlers.create(inputs);
    const outs = { ...result.outs };
    const suspects = typeof outs[SUSPECTS_KEY] === "string" ? (outs[SUSPECTS_KEY] as string) : "";
    const report = LEFTOVER_REPORTS[type];
    // What the dynamic form's program prints (dynamic/leftover-report.ts): the create ran in this run.
    if (suspects !== "" && report) await warnOn(urn, report(name, outs, suspects.split(",")));
    if (type === SESSION_TOKEN) {
      // Only a session this create made or took back (an adopted one is claimed by the adoption).
      if (outs[CREATED_IN_KEY] === RUN_ID && !inputs.adoptSessionId) outs[CLAIM_PENDING_KEY] = true;
    }
    return { id: result.id, outs: withSecretOutputs(outs, secretOutputsOf(type, outs)) };
  },

  async read(id: string, urn: string, props: Record<string, unknown>) {
    const { type, handlers } = handlersOf(urn);
    const result = await handlers.read(id, withIdentityForImport(urn, type, props ?? {}));
    const imported =
      type === SESSION_TOKEN && isImportRead(props) && result.props ? { ...result.props, [IMPORTED_KEY]: true } : result.props;
    return { ...result, props: withSecretOutputs(imported, secretOutputsOf(type, imported)) };
  },

  async update(id: string, urn: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const { type, handlers } = handlersOf(urn);
    const stored = type === SESSION_TOKEN ? withImportedFields(olds, news) : olds;
    const result = await handlers.update(id, stored ?? {}, news ?? {});
    return { outs: withSecretOutputs(result.outs, secretOutputsOf(type, result.outs)) };
  },

  async delete(id: string, urn: string, props: Record<string, unknown>) {
    const { type, handlers } = handlersOf(urn);
    // Delete does not use the image; an imported session that never went through an update has none.
    const stored = type === SESSION_TOKEN && props?.imageId === undefined ? { ...props, imageId: IMAGE_NOT_REPORTED } : props;
    await handlers.delete(id, stored ?? {});
  },

  async invoke(token: string, args: Record<string, unknown>) {
    return invokeFunction(token, args);
  },
};

/**
 * `pulumi import` reads with no stored properties: the Session then gets the identity of the
 * resource it is imported as (from the URN), as if its class had declared it.
 */
function withIdentityForImport(urn: string, type: string, props: Record<string, unknown>): Record<string, unknown> {
  if (type !== SESSION_TOKEN || Object.keys(props).length > 0) return props;
  const { project, stack, name } = parseUrn(urn);
  return { __agbProject: project, __agbStack: stack, __agbName: name };
}

/** True when a read is `pulumi import`'s (no stored properties). */
function isImportRead(props: Record<string, unknown> | undefined): boolean {
  return !props || Object.keys(props).length === 0;
}

/**
 * A session brought in by `pulumi import` (read with no stored properties) is marked with
 * {@link IMPORTED_KEY}: AGB does not report what it was created with (its image, syncs, browser
 * context, idle timeout, policy: docs/agb-protocol.md §6), so the state holds none
 * of them. The first diff then takes the program's values for those it lacks and plans an update
 * (no replacement), which records them; from then on a change of any of them replaces as usual.
 */
const IMPORTED_KEY = "__agbImported";

/** What an imported session's creation fields are to delete: it uses none of them but the syncs, which AGB never said. */
const IMAGE_NOT_REPORTED = "not-reported-by-agb";

function withImportedFields(olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
  if (olds?.[IMPORTED_KEY] !== true) return olds;
  const filled: Record<string, unknown> = { ...olds };
  for (const field of SESSION_RULES.replaceOnChange)
    if (filled[field] === undefined && news?.[field] !== undefined) filled[field] = news[field];
  return filled;
}
