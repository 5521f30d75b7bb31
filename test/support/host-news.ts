/**
 * What the host-level test files send the real provider host for their Session "dev" and Context
 * "work" (stack `test` of project `proj`): the URNs and the news the engine hands Check.
 */
import { CONTEXT_PROVIDER_TEXT, SESSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import type { HostDriver } from "../../dist-engine/host-driver";

export const SESSION_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Session::dev";
export const CONTEXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::work";

/** The Session's news: its provider text, stack names and image `agb-code-space-1`, then `extra`. */
export function sessionNews(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __provider: SESSION_PROVIDER_TEXT,
    __agbProject: "proj",
    __agbStack: "test",
    __agbName: "dev",
    imageId: "agb-code-space-1",
    ...extra,
  };
}

/** The Context's news: its provider text and `name` (default `work`). */
export function contextNews(name = "work"): Record<string, unknown> {
  return { __provider: CONTEXT_PROVIDER_TEXT, name };
}

/** Checks `news` and creates the resource from the checked inputs, as the engine does on up. */
export async function checkAndCreate(host: HostDriver, urn: string, news: Record<string, unknown>) {
  return host.create(urn, (await host.check(urn, {}, news)).inputs);
}

/** Creates the Context, then the Session with a sync of it at /home/p (and `extra`). */
export async function createContextAndSession(host: HostDriver, extra: Record<string, unknown> = {}) {
  const ctx = await checkAndCreate(host, CONTEXT_URN, contextNews());
  const session = await checkAndCreate(
    host,
    SESSION_URN,
    sessionNews({ contextSyncs: [{ contextId: ctx.id, path: "/home/p" }], ...extra }),
  );
  return { ctx, session };
}
