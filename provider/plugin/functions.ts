/** The functions the plugin serves (`agb:index:getSession`, ...): the lookups of provider/lookups, called as they are. */
import { getContext, getContexts } from "../lookups/get-contexts";
import type { GetContextArgs } from "../lookups/get-contexts";
import { getSessions, lookupSession } from "../lookups/get-sessions";
import type { GetSessionsArgs } from "../lookups/get-sessions";
import { secretValue } from "./secrets";

type Lookup = (args: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** Token -> lookup. `getSession`'s credentials come back secret, as in the dynamic form. */
export const FUNCTIONS: Record<string, Lookup> = {
  "agb:index:getSession": async (args) => {
    const { resourceUrl, token, ...rest } = await lookupSession(args as unknown as { sessionId: string });
    return { ...rest, ...(resourceUrl === undefined ? {} : { resourceUrl: secretValue(resourceUrl) }), ...(token === undefined ? {} : { token: secretValue(token) }) };
  },
  "agb:index:getSessions": async (args) => (await getSessions(args as GetSessionsArgs)) as unknown as Record<string, unknown>,
  "agb:index:getContext": async (args) => (await getContext(args as unknown as GetContextArgs)) as unknown as Record<string, unknown>,
  "agb:index:getContexts": async (args) => (await getContexts(args as Record<string, never>)) as unknown as Record<string, unknown>,
};

/** Runs a function; a bad argument or a failed call becomes the invoke's error, as the lookup words it. */
export async function invokeFunction(token: string, args: Record<string, unknown>): Promise<{ outputs: Record<string, unknown> }> {
  const lookup = FUNCTIONS[token];
  if (!lookup) throw new Error(`unknown function ${token} (known: ${Object.keys(FUNCTIONS).join(", ")})`);
  // Absent arguments arrive as an empty object; the lookups refuse unknown keys themselves.
  return { outputs: await lookup(args ?? {}) };
}
