/** Waits on AGB state built on {@link pollUntil}: session status, sync tasks, context state. */
import { AgbNotFoundError } from "./errors";
import { DEFAULT_INITIAL_DELAY_MS, pollUntil } from "./poll-until";
import type { WaitOptions } from "./poll-until";
import type { AgbApi, ContextInfo, SessionStatusInfo, SyncTask } from "./types";

/** Task statuses after which a sync task never changes (docs/agb-protocol.md §12). */
export const TERMINAL_TASK_STATUSES: ReadonlySet<string> = new Set(["Success", "Failed"]);

/** Polls getSessionInfo until the status is one of `targets`. NotFound propagates. */
export function waitForSessionStatus(api: AgbApi, sessionId: string, targets: string[], opts: WaitOptions): Promise<SessionStatusInfo> {
  return pollUntil(
    {
      what: `session ${sessionId} to reach status ${targets.join(" or ")}`,
      operation: "waitForSessionStatus",
      probe: () => api.getSessionInfo(sessionId),
      done: (info) => targets.includes(info.status),
      describe: (info) => `status ${info.status}`,
    },
    opts,
  );
}

/**
 * Waits that follow an action which cannot be finished yet (sync tasks just made, a release just
 * asked for): the first probe comes after one pause, saving a request that would only say "not
 * yet". A release that is over at once then costs one pause (100 ms by default) and one request
 * fewer per session.
 */
function afterOnePause(opts: WaitOptions): WaitOptions {
  return { firstProbeAfterMs: opts.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS, ...opts };
}

/** Polls until the session is `FINISH` or not found (both mean released). */
export async function waitForSessionGone(api: AgbApi, sessionId: string, opts: WaitOptions): Promise<void> {
  await pollUntil<string>(
    {
      what: `session ${sessionId} to be released (FINISH or not found)`,
      operation: "waitForSessionGone",
      probe: async () => {
        try {
          return (await api.getSessionInfo(sessionId)).status;
        } catch (error) {
          if (error instanceof AgbNotFoundError) return "<not found>";
          throw error;
        }
      },
      done: (status) => status === "FINISH" || status === "<not found>",
      describe: (status) => `status ${status}`,
    },
    afterOnePause(opts),
  );
}

/**
 * Polls GetContextInfo until every task (of `taskType`, when given) is `Success` or `Failed`, or
 * none exist. Returns those tasks; a `Failed` task is for the caller to judge. The first probe
 * comes after one pause: callers wait right after the tasks were made.
 */
export function waitForSyncTasks(
  api: AgbApi,
  query: { sessionId: string; contextId?: string; path?: string; taskType?: "upload" | "download" },
  opts: WaitOptions,
): Promise<SyncTask[]> {
  const scope = [query.contextId && `context ${query.contextId}`, query.path && `path ${query.path}`, query.taskType]
    .filter(Boolean)
    .join(", ");
  return pollUntil(
    {
      what: `sync tasks of session ${query.sessionId}${scope ? ` (${scope})` : ""} to finish`,
      operation: "waitForSyncTasks",
      probe: async () => {
        const tasks = await api.getContextInfo(query);
        return query.taskType ? tasks.filter((t) => t.taskType === query.taskType) : tasks;
      },
      done: (tasks) => tasks.every((t) => TERMINAL_TASK_STATUSES.has(t.status)),
      describe: (tasks) => tasks.map((t) => `${t.taskType} ${t.contextId}:${t.path} ${t.status}`).join("; ") || "no tasks",
    },
    afterOnePause(opts),
  );
}

/** Polls GetContext until the context's state is `available` (a missing state counts as not yet). */
export function waitForContextAvailable(api: AgbApi, contextId: string, opts: WaitOptions): Promise<ContextInfo> {
  return pollUntil(
    {
      what: `context ${contextId} to be available`,
      operation: "waitForContextAvailable",
      probe: () => api.getContext({ id: contextId }),
      done: (context) => context.state === "available",
      describe: (context) => `state ${context.state ?? "<none>"}`,
    },
    opts,
  );
}
