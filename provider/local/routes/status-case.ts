/**
 * The `statusCase` option: the casing in which session and sync-task statuses go on the wire, so
 * clients can be tested against a service that answers `Running` where the documentation says
 * `RUNNING` (docs/agb-protocol.md §6, §18 question 4). The models keep their own casing; only the answer
 * changes.
 */
import type { StatusCase } from "../models/timing";

/** `word` in the configured casing; `native` leaves it as the model has it. */
export function inStatusCase(word: string, casing: StatusCase): string {
  switch (casing) {
    case "upper":
      return word.toUpperCase();
    case "lower":
      return word.toLowerCase();
    case "pascal":
      return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
    default:
      return word;
  }
}
