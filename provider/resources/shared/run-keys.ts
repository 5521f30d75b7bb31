/**
 * Hidden keys every kind that reports leftovers shares with the program side: the run id the
 * program sends, the run a create echoes back, and the ids a create reports.
 */
/** Hidden input: an id of the program run (one per `pulumi up`), so the program can tell its own creates (dynamic/claim.ts). */
export const RUN_KEY = "__agbRun";
/** Hidden output: the run whose create made (or adopted by token) the object; kept by read and update. */
export const CREATED_IN_KEY = "__agbCreatedIn";
/** Hidden output: objects no resource records that a create found and left alone; the program (or the plugin) warns of them. */
export const SUSPECTS_KEY = "__agbSuspects";

/**
 * The program run's id among the engine's hidden news, as inputs to keep (none when absent): check
 * passes it through so that create can echo it (the program warns only of its own creates).
 */
export function passedRunKey(hidden: Record<string, unknown>): { [RUN_KEY]?: string } {
  return typeof hidden[RUN_KEY] === "string" ? { [RUN_KEY]: hidden[RUN_KEY] } : {};
}

/** A create's hidden outputs: the run that made the object (its inputs' run key) and the leftovers it found, by id. */
export function createReport(inputs: Record<string, unknown> | undefined, reported: string[]): Record<string, unknown> {
  return { [CREATED_IN_KEY]: inputs?.[RUN_KEY], [SUSPECTS_KEY]: reported.length > 0 ? reported.join(",") : undefined };
}
