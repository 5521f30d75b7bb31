/**
 * Compares what agb-local holds for one account with what a stack's state holds: leaked sessions
 * (live in the cloud, unknown to state), duplicates (two live sessions for one resource name),
 * orphans in state (recorded ids the cloud no longer has) and the same for contexts.
 */
import type { LocalContext, LocalControl, LocalSession } from "../../../dist/local/index.js";
import { apiKeyHash, CONTEXT_TYPE, idsOfType, SESSION_TYPE } from "./engine";
import type { StateResource } from "./engine";

const LIVE = new Set(["RUNNING", "PENDING"]);

export interface Audit {
  liveSessions: number;
  stateSessions: number;
  leakedSessions: string[];
  duplicatedSessions: string[];
  missingSessions: string[];
  contexts: number;
  stateContexts: number;
  leakedContexts: string[];
  missingContexts: string[];
  duplicateStateIds: string[];
}

/** The account's live (RUNNING or PENDING) sessions in agb-local. */
export async function liveSessionsOf(control: LocalControl, apiKey: string): Promise<LocalSession[]> {
  const hash = apiKeyHash(apiKey);
  return (await control.sessions()).filter((s) => s.apiKeyHash === hash && LIVE.has(s.status));
}

/** The account's contexts in agb-local. */
export async function contextsOf(control: LocalControl, apiKey: string): Promise<LocalContext[]> {
  const hash = apiKeyHash(apiKey);
  return (await control.contexts()).filter((c) => c.apiKeyHash === hash);
}

export async function audit(control: LocalControl, apiKey: string, resources: StateResource[]): Promise<Audit> {
  const live = await liveSessionsOf(control, apiKey);
  const ctxs = await contextsOf(control, apiKey);
  const stateSessions = idsOfType(resources, SESSION_TYPE);
  const stateContexts = idsOfType(resources, CONTEXT_TYPE);
  const inState = new Set(stateSessions);
  const byName = new Map<string, string[]>();
  for (const s of live) {
    const name = `${s.labels["pulumi-agb-stack"] ?? ""}/${s.labels["pulumi-agb-name"] ?? s.sessionId}`;
    byName.set(name, [...(byName.get(name) ?? []), s.sessionId]);
  }
  const liveIds = new Set(live.map((s) => s.sessionId));
  const ctxIds = new Set(ctxs.map((c) => c.id));
  const stateCtx = new Set(stateContexts);
  const seen = new Set<string>();
  const duplicateStateIds = [...stateSessions, ...stateContexts].filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  return {
    liveSessions: live.length,
    stateSessions: stateSessions.length,
    leakedSessions: live.filter((s) => !inState.has(s.sessionId)).map((s) => s.sessionId),
    duplicatedSessions: [...byName.entries()].filter(([, ids]) => ids.length > 1).map(([name, ids]) => `${name}: ${ids.join(",")}`),
    missingSessions: stateSessions.filter((id) => !liveIds.has(id)),
    contexts: ctxs.length,
    stateContexts: stateContexts.length,
    leakedContexts: ctxs.filter((c) => !stateCtx.has(c.id)).map((c) => c.id),
    missingContexts: stateContexts.filter((id) => !ctxIds.has(id)),
    duplicateStateIds,
  };
}

/** The assertion every scenario ends with: exactly what state says, nothing more, nothing less. */
export function expectExact(a: Audit, sessions: number, contexts: number): void {
  expect({
    leakedSessions: a.leakedSessions,
    duplicatedSessions: a.duplicatedSessions,
    missingSessions: a.missingSessions,
    leakedContexts: a.leakedContexts,
    missingContexts: a.missingContexts,
    duplicateStateIds: a.duplicateStateIds,
    stateSessions: a.stateSessions,
    stateContexts: a.stateContexts,
  }).toEqual({
    leakedSessions: [],
    duplicatedSessions: [],
    missingSessions: [],
    leakedContexts: [],
    missingContexts: [],
    duplicateStateIds: [],
    stateSessions: sessions,
    stateContexts: contexts,
  });
}

/**
 * Sessions a create reported by id instead of taking (its `__agbSuspects` output: handed over to an
 * engine, found under its token, not its own) that no resource in this state holds.
 */
export function reportedSessions(
  resources: Array<Pick<StateResource, "type"> & { id?: string; outputs?: Record<string, unknown> }>,
): string[] {
  const held = new Set(resources.filter((r) => r.type === SESSION_TYPE && r.id).map((r) => r.id as string));
  const reported = resources.flatMap((r) =>
    typeof r.outputs?.__agbSuspects === "string" ? (r.outputs.__agbSuspects as string).split(",") : [],
  );
  return [...new Set(reported)].filter((id) => !held.has(id)).sort();
}
