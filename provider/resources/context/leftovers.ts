/**
 * What a Context create cut short between its two calls left behind (context-create.ts): an empty
 * context named `<name>~pulumi-<16 hex>` that no resource records, because the provider host died
 * after the get-or-create and before the rename. The next create of the same name finds it in the
 * account's listing and ends it in one of the ownership rule's states:
 *
 * - deleted, when it is older than the two-hour bound of leftover-age.ts (no create can still be between its
 *   two calls then: every call has a deadline, so its maker is gone), still has its scratch name and
 *   holds no file;
 * - reported by id (the create's `__agbSuspects` output, printed as a warning by the program) when it
 *   is younger: another create of the name, in another stack or process, may be about to rename it.
 *
 * Ages are measured on the service's own clock: the difference between the createTime of the
 * scratch context this create just made and that of the leftover, so no clock skew enters.
 */
import type { AgbApi, ContextInfo } from "../../client/types";
import { describe, isNotFound } from "../shared/errors";
import { pastLeftoverBound } from "../shared/leftover-age";
import { deleteContextById } from "./delete-by-id";

/** ListContexts page size of the search (the service's largest). */
const PAGE_SIZE = 100;

/** What the search found: the leftovers it deleted, and those it reports by id. */
export interface LeftoverSweep {
  deleted: string[];
  reported: string[];
}

/** Matches exactly the scratch names of `name` (context-create.ts: the mark and 16 hex). */
function scratchPattern(name: string, scratchMark: string): RegExp {
  const literal = `${name}${scratchMark}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${literal}[0-9a-f]{16}$`);
}

/** True when the context holds no file at all (its root listing is empty). */
async function isEmpty(api: AgbApi, id: string): Promise<boolean> {
  const { files, count } = await api.describeContextFiles({ contextId: id, pageNumber: 1, pageSize: 1 });
  return files.length === 0 && !count;
}

/**
 * Deletes the leftover when it is provably abandoned; true when deleted (or already gone). It is
 * read again by id first, so a context renamed since the listing (someone's now) is left alone.
 */
async function deleteIfAbandoned(api: AgbApi, leftover: ContextInfo, scratchNames: RegExp): Promise<boolean | "renamed"> {
  try {
    const current = await api.getContext({ id: leftover.id });
    if (!scratchNames.test(current.name)) return "renamed";
    if (!(await isEmpty(api, leftover.id))) return false;
    await deleteContextById(api, leftover.id);
    return true;
  } catch (err) {
    if (isNotFound(err)) return true;
    return false;
  }
}

/**
 * Finds the scratch contexts of `name` other than `own` (the scratch context this create made, whose
 * createTime is "now" on the service's clock), deletes the abandoned ones and returns the rest by id.
 * A failure to list is thrown as an Error that says what was not looked at.
 */
export async function sweepLeftovers(api: AgbApi, name: string, scratchMark: string, own: ContextInfo): Promise<LeftoverSweep> {
  const pattern = scratchPattern(name, scratchMark);
  const found: ContextInfo[] = [];
  try {
    for await (const c of api.listContexts({ pageSize: PAGE_SIZE })) if (c.id !== own.id && pattern.test(c.name)) found.push(c);
  } catch (err) {
    throw new Error(`could not look for contexts left by an earlier create of "${name}" cut short (${describe(err)})`);
  }
  const sweep: LeftoverSweep = { deleted: [], reported: [] };
  for (const leftover of found) {
    const outcome = pastLeftoverBound(own.createTime, leftover.createTime) ? await deleteIfAbandoned(api, leftover, pattern) : false;
    if (outcome === true) sweep.deleted.push(leftover.id);
    else if (outcome === false) sweep.reported.push(leftover.id);
  }
  return sweep;
}

/** The warning that names reported leftovers and how to resolve each. */
export function contextLeftoverReport(name: string, ids: string[]): string {
  return (
    `context(s) ${ids.join(", ")} are named "${name}~pulumi-<hex>": an earlier create of "${name}" made them and did not finish ` +
    `(a provider host killed between its two calls), or another create of "${name}" is running now. No resource records them. ` +
    `If no \`pulumi up\` naming "${name}" is running, delete them by id with the AGB SDK or console (they are empty); ` +
    `a create of "${name}" more than two hours after they were made deletes them itself.`
  );
}

/**
 * The reported leftovers that still exist under their scratch name once this create is done: a
 * concurrent create of the name that lost the rename has deleted its own by then, most of the time.
 */
export async function stillLeftOver(api: AgbApi, name: string, scratchMark: string, ids: string[]): Promise<string[]> {
  const pattern = scratchPattern(name, scratchMark);
  const kept: string[] = [];
  for (const id of ids) {
    try {
      if (pattern.test((await api.getContext({ id })).name)) kept.push(id);
    } catch (err) {
      if (!isNotFound(err)) kept.push(id); // unreadable: still reported
    }
  }
  return kept;
}
