/**
 * The functions the plugin serves (`agb:index:getSession`, ...): the lookups of provider/lookups,
 * called as they are. They load the whole Pulumi SDK (they read the stack config through
 * pulumi.Config), so they are loaded at the first invoke, not when the plugin starts.
 */
import type { GetContextArgs } from "../lookups/get-contexts";
import type { GetSessionsArgs } from "../lookups/get-sessions";
import { applyRuntimeConfig } from "./engine-hooks";
import { secretValue } from "./secrets";

type Lookup = (args: Record<string, unknown>) => Promise<Record<string, unknown>>;
type Modules = { sessions: typeof import("../lookups/get-sessions"); contexts: typeof import("../lookups/get-contexts") };

function load(): Modules {
  applyRuntimeConfig();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { sessions: require("../lookups/get-sessions"), contexts: require("../lookups/get-contexts") };
}

/** Token -> lookup. `getSession`'s credentials come back secret, as in the dynamic form. */
export const FUNCTIONS: Record<string, (m: Modules) => Lookup> = {
  "agb:index:getSession": (m) => async (args) => {
    const { resourceUrl, token, ...rest } = await m.sessions.lookupSession(args as unknown as { sessionId: string });
    return {
      ...rest,
      ...(resourceUrl === undefined ? {} : { resourceUrl: secretValue(resourceUrl) }),
      ...(token === undefined ? {} : { token: secretValue(token) }),
    };
  },
  "agb:index:getSessions": (m) => async (args) =>
    (await m.sessions.getSessions(args as GetSessionsArgs)) as unknown as Record<string, unknown>,
  "agb:index:getContext": (m) => async (args) =>
    (await m.contexts.getContext(args as unknown as GetContextArgs)) as unknown as Record<string, unknown>,
  "agb:index:getContexts": (m) => async (args) =>
    (await m.contexts.getContexts(args as Record<string, never>)) as unknown as Record<string, unknown>,
};

/** Runs a function; a bad argument or a failed call becomes the invoke's error, as the lookup words it. */
export async function invokeFunction(token: string, args: Record<string, unknown>): Promise<{ outputs: Record<string, unknown> }> {
  const lookup = FUNCTIONS[token];
  if (!lookup) throw new Error(`unknown function ${token} (known: ${Object.keys(FUNCTIONS).join(", ")})`);
  // Absent arguments arrive as an empty object; the lookups refuse unknown keys themselves.
  return { outputs: await lookup(load())(args ?? {}) };
}
