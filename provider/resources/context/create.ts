/**
 * Creating a context under a name that no one else holds, with only what the wire offers.
 *
 * GetContext with allowCreate is get-or-create: it hands an existing context to whoever asks, so two
 * creates of one name that each looked first and found nothing would both "create" and both get one
 * id (two resources of one stack, or two stacks of one account, at the same moment). Instead:
 * 1. get-or-create under a name only this create uses (`<name>~pulumi-<16 hex>`): a new, empty
 *    context; a retry after a lost answer gets the same one back (by that name);
 * 2. ModifyContext renames it to the wanted name. Names are unique per account, so a rename onto a
 *    taken name is refused (agb-local refuses it; the official SDK's sources neither show nor rule
 *    it out for the real service): of two creates exactly one rename succeeds;
 * 3. GetContext by the name must answer this context's id (should a service let both renames
 *    through, it answers one of them, and the other backs out).
 * The create that loses deletes its own empty context and reports the context that holds the name.
 * If the provider host dies between 1 and 2, the empty `<name>~pulumi-<hex>` context stays, recorded
 * by no resource: between 1 and 2 every create looks for such leftovers of its name and deletes or
 * reports them (context-leftovers.ts); a failed search fails the create, so none goes unseen.
 */
import { randomBytes } from "node:crypto";
import type { AgbApi, ContextInfo } from "../../client/types";
import { describe, isAmbiguous, isNotFound } from "../shared/errors";
import { deleteContextById } from "./delete-by-id";
import { stillLeftOver, sweepLeftovers } from "./leftovers";

/** Marks the name a create uses before it renames the context to the wanted name. */
export const SCRATCH_MARK = "~pulumi-";

/** Attempts (each a full client retry run) of a call whose failure was ambiguous. */
const MAX_RUNS = 3;

/** The error a create gives when the name is taken; it names the holder and both ways out. */
export function nameTakenError(name: string, holderId: string, endpoint: string): Error {
  return new Error(
    `A context named "${name}" already exists (id ${holderId}) on ${endpoint}. If no other resource manages it ` +
      `(a create cut short, or a context made outside Pulumi), set adoptExisting: true to manage it with this resource; ` +
      `otherwise choose another name.`,
  );
}

/** GetContext by name with allowCreate (idempotent by name), given more runs after ambiguous failures. */
export async function getOrCreate(api: AgbApi, name: string): Promise<ContextInfo> {
  for (let run = 1; ; run++) {
    try {
      return await api.getContext({ name, allowCreate: true });
    } catch (err) {
      if (!isAmbiguous(err) || run >= MAX_RUNS) throw err;
    }
  }
}

/** The context that has this name now, or undefined. */
async function holderOf(api: AgbApi, name: string): Promise<ContextInfo | undefined> {
  try {
    return await api.getContext({ name, allowCreate: false });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** ModifyContext; an ambiguous failure is settled by looking at the context's name. */
async function renameTo(api: AgbApi, id: string, name: string): Promise<void> {
  for (let run = 1; ; run++) {
    try {
      await api.modifyContext(id, name);
      return;
    } catch (err) {
      if (!isAmbiguous(err) || run >= MAX_RUNS) throw err;
      if ((await api.getContext({ id })).name === name) return;
    }
  }
}

/** Deletes the empty context this create made; the error to throw says so if that fails too. */
async function discard(api: AgbApi, scratch: ContextInfo, scratchName: string, cause: Error): Promise<Error> {
  try {
    await deleteContextById(api, scratch.id);
    return cause;
  } catch (err) {
    if (isNotFound(err)) return cause;
    return new Error(
      `${cause.message} The empty context this create made (id ${scratch.id}, name "${scratchName}") could not be deleted ` +
        `(${describe(err)}); no resource records it: delete it by its id.`,
    );
  }
}

/** A context a create made, with the leftovers of earlier creates of its name that it reports by id. */
export interface CreatedContext {
  info: ContextInfo;
  /** Ids of `<name>~pulumi-<hex>` contexts left by other creates, neither taken nor deleted (context-leftovers.ts). */
  reported: string[];
}

/** Creates a context that has `name` and that no other create got; throws {@link nameTakenError} when taken. */
export async function createUnderFreshName(api: AgbApi, name: string): Promise<CreatedContext> {
  const scratchName = `${name}${SCRATCH_MARK}${randomBytes(8).toString("hex")}`;
  const scratch = await getOrCreate(api, scratchName);
  let reported: string[];
  try {
    reported = (await sweepLeftovers(api, name, SCRATCH_MARK, scratch)).reported;
  } catch (err) {
    throw await discard(api, scratch, scratchName, err as Error);
  }
  try {
    await renameTo(api, scratch.id, name);
  } catch (err) {
    const holder = await holderOf(api, name).catch(() => undefined);
    if (holder?.id === scratch.id) return { info: holder, reported }; // the rename landed after all
    const cause = holder && holder.id !== scratch.id ? nameTakenError(name, holder.id, api.endpoint) : (err as Error);
    throw await discard(api, scratch, scratchName, cause);
  }
  const holder = await holderOf(api, name);
  if (holder?.id === scratch.id)
    return { info: holder, reported: await stillLeftOver(api, name, SCRATCH_MARK, reported).catch(() => reported) };
  // The service let a second context take the name: this create backs out.
  const cause = holder
    ? nameTakenError(name, holder.id, api.endpoint)
    : new Error(`Context ${scratch.id} was renamed to "${name}", but no context has that name now`);
  throw await discard(api, scratch, scratchName, cause);
}
