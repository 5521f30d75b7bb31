/**
 * One diff routine for every resource: replacement is declared as data (a `replaceOnChange` list
 * beside each schema), never as per-resource if-chains.
 */
import { containsUnknown, deepEqual } from "./check-helpers";

/** What a resource declares about its inputs. */
export interface DiffRules<Field extends string = string> {
  /** Every canonical input field compared by diff (hidden `__` fields and outputs are not listed). */
  fields: readonly Field[];
  /** Fields whose change forces replacement; the rest update in place. */
  replaceOnChange: readonly Field[];
}

/** The dynamic provider's diff result (only these three members reach the engine). */
export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** The fields whose canonical values differ; a value still unknown (preview) counts as changed. */
export function changedFields<Field extends string>(
  rules: DiffRules<Field>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Field[] {
  return rules.fields.filter((f) => containsUnknown(news[f]) || !deepEqual(olds[f], news[f]));
}

/**
 * The changed fields between stored olds and canonical news, canonicalizing the olds only when
 * needed. Outputs written by this provider already hold the canonical inputs, so for an unchanged
 * resource a plain comparison decides, with no schema parse (diff runs for every resource on every
 * preview). Only when some field differs are the olds canonicalized and compared again: an older
 * state shape (a default left out, a field added by a later version) must not show as a change.
 * Same result as always canonicalizing, because canonicalizing is idempotent on check's output.
 */
export function changedFieldsFromStored<Field extends string>(
  rules: DiffRules<Field>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  canonicalize: (olds: Record<string, unknown>) => Record<string, unknown>,
): Field[] {
  const changed = changedFields(rules, olds ?? {}, news);
  return changed.length === 0 ? changed : changedFields(rules, canonicalize(olds), news);
}

/** The diff result for a list of changed fields. */
export function outcomeOf<Field extends string>(rules: DiffRules<Field>, changed: Field[], forceUpdate = false): DiffOutcome {
  const replaces = changed.filter((f) => rules.replaceOnChange.includes(f));
  return { changes: changed.length > 0 || forceUpdate, replaces, deleteBeforeReplace: false };
}
