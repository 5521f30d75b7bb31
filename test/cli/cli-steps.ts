/**
 * The steps the real-CLI tests share around one stack: set it up, run a body, close it; the live
 * sessions and contexts of agb-local; a destroy that leaves nothing behind.
 */
import { LIVE } from "../engine/harness";
import type { PerFileLocal } from "../support/per-file-local";
import { CliStack } from "./cli-stack";
import type { CliStackOptions } from "./cli-stack";

export interface StackSetUp extends CliStackOptions {
  /** The API key the stack's config holds (agb-local keeps one account per key). */
  key: string;
  /** Plain stack config set by `pulumi stack init` (besides the endpoint and the key); default none. */
  config?: Record<string, string>;
}

/**
 * A new stack of `o.programDir`, initialised with `o.key` and `o.config` against `agb`, handed to
 * `body`; the stack is closed (its folders removed) however the body ends.
 */
export async function withStack(agb: PerFileLocal, o: StackSetUp, body: (s: CliStack) => Promise<void>): Promise<void> {
  const s = new CliStack(o);
  try {
    await s.init(agb.url, o.key, o.config);
    await body(s);
  } finally {
    await s.close();
  }
}

/** Like {@link withStack}, with the stack's first `pulumi up` done before `body` runs. */
export async function withStackUp(agb: PerFileLocal, o: StackSetUp, body: (s: CliStack) => Promise<void>): Promise<void> {
  await withStack(agb, o, async (s) => {
    await s.ok("up");
    await body(s);
  });
}

/** Like {@link withStackUp}, for a program with one context: `body` also gets the id of the context that up made. */
export async function withContextUp(
  agb: PerFileLocal,
  o: StackSetUp,
  body: (s: CliStack, contextId: string) => Promise<void>,
): Promise<void> {
  await withStackUp(agb, o, async (s) => body(s, (await liveContextIds(agb))[0]));
}

/**
 * The create of a Session that never becomes ready (agb-local keeps it PENDING) fails the up on the
 * Session's own `timeouts.create`, not on a shorter customTimeouts: the wait's message names its
 * timeout, which is above 10 s for a 20 s `timeouts.create` (less the time spent before the wait)
 * while customTimeouts say 2 s. agb-local's sessions are ready at once again after it.
 */
export async function expectCreateBoundByOwnTimeouts(agb: PerFileLocal, s: CliStack): Promise<void> {
  await agb.control.setTiming({ createPendingMs: -1 });
  const r = await s.run("up");
  expect(r.ok).toBe(false);
  const fired = /timeout (\d+) ms/.exec(r.printed);
  expect(fired).not.toBeNull();
  expect(Number(fired![1])).toBeGreaterThan(10_000);
  await agb.control.setTiming({ createPendingMs: 0 });
}

/** The ids of agb-local's live sessions (every account), sorted. */
export async function liveSessionIds(agb: PerFileLocal): Promise<string[]> {
  return (await agb.control.sessions())
    .filter((s) => LIVE.has(s.status))
    .map((s) => s.sessionId)
    .sort();
}

/** The ids of agb-local's contexts (every account). */
export async function liveContextIds(agb: PerFileLocal): Promise<string[]> {
  return (await agb.control.contexts()).map((c) => c.id);
}

/** `pulumi destroy` of `s`, then agb-local holds no live session and no context. */
export async function destroyLeavesNothing(agb: PerFileLocal, s: CliStack): Promise<void> {
  await s.ok("destroy");
  expect(await liveSessionIds(agb)).toEqual([]);
  expect(await liveContextIds(agb)).toEqual([]);
}
