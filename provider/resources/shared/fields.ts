/** Picking a resource's declared fields out of a property bag: shared by every resource kind. */

/** Only the declared input fields of a property bag (outputs and `__` keys dropped). */
export function pickFields(props: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (props?.[f] !== undefined) out[f] = props[f];
  return out;
}
