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
