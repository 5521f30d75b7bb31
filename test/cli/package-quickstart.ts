/**
 * The lifecycle the YAML and Python quickstarts share under the real CLI with the provider plugin
 * (`agb:index:*` types): up, a label update in place, drift shown by refresh and restored by up, a
 * replace (another image), destroy; and `pulumi import` of a session and a context made outside
 * Pulumi. Each language's test file supplies how its program is run and what import prints.
 */
import { join } from "node:path";
import { LIVE, ROOT, drift } from "../engine/harness";
import { api } from "../local/helpers";
import { directClient } from "../support/handler-helpers";
import type { PerFileLocal } from "../support/per-file-local";
import { CliStack, resourcesOf } from "./cli-stack";
import type { ExportedDeployment } from "./cli-stack";

export const PKG_SESSION = "agb:index:Session";
export const PKG_CONTEXT = "agb:index:Context";

export interface QuickstartOptions {
  /** The example folder under examples/. */
  example: string;
  /** Its project name (the config namespace of `team` and `imageId`). */
  project: string;
  /** Extra environment of every command; default none. */
  env?: NodeJS.ProcessEnv;
}

const liveSessions = async (agb: PerFileLocal) => (await agb.control.sessions()).filter((s) => LIVE.has(s.status));

/** A stack of the example with endpoint, key and the example's own config set. */
export async function quickstartStack(
  agb: PerFileLocal,
  o: QuickstartOptions,
  key: string,
  config: Record<string, string> = {},
): Promise<CliStack> {
  const s = new CliStack({ programDir: join(ROOT, "examples", o.example), env: o.env });
  const own = Object.fromEntries(Object.entries(config).map(([k, v]) => [`${o.project}:${k}`, v]));
  await s.init(agb.url, key, own);
  return s;
}

/** Whether a state value is an encrypted secret (`4dabf18193072939515e22adb298388d` is Pulumi's secret signature). */
const isSecret = (v: unknown) =>
  typeof v === "object" &&
  v !== null &&
  (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";

/** up, label update, drift and refresh, replace, destroy: each checked in AGB (agb-local) and in the state. */
export async function lifecycle(agb: PerFileLocal, o: QuickstartOptions): Promise<void> {
  const key = `akm-${o.example}`;
  const s = await quickstartStack(agb, o, key);
  const configure = (c: Record<string, string>) =>
    s.configure(agb.url, key, Object.fromEntries(Object.entries(c).map(([k, v]) => [`${o.project}:${k}`, v])));
  const state = async (): Promise<ExportedDeployment> => s.exported();
  try {
    await s.ok("up");
    const [session] = resourcesOf(await state(), PKG_SESSION);
    const [ctx] = resourcesOf(await state(), PKG_CONTEXT);
    expect({ session: !!session?.id, ctx: !!ctx?.id }).toEqual({ session: true, ctx: true });
    expect((await liveSessions(agb)).map((x) => ({ id: x.sessionId, team: x.labels?.team }))).toEqual([
      { id: session.id, team: "quickstart" },
    ]);
    expect((await agb.control.contexts()).map((c) => c.id)).toEqual([ctx.id]);
    // Credentials are secret in state; the state holds no serialized provider.
    expect(isSecret(session.outputs?.resourceUrl)).toBe(true);
    expect(session.inputs?.__provider).toBeUndefined();

    // A label change updates the session in place.
    await configure({ team: "platform" });
    const relabel = await s.ok("up");
    expect(relabel.steps.filter((x) => x.type === PKG_SESSION && x.op !== "same").map((x) => x.op)).toEqual(["update"]);
    expect((await liveSessions(agb)).map((x) => ({ id: x.sessionId, team: x.labels?.team }))).toEqual([
      { id: session.id, team: "platform" },
    ]);

    // Labels changed out of band: refresh takes them into the state, up puts the program's back.
    await drift(agb.url, "session-labels", { sessionId: session.id!, labels: { team: "drifted" } });
    await s.ok("refresh");
    expect(resourcesOf(await state(), PKG_SESSION)[0].outputs?.labels).toMatchObject({ team: "drifted" });
    await s.ok("up");
    expect((await liveSessions(agb)).find((x) => x.sessionId === session.id)?.labels).toMatchObject({ team: "platform" });
    await s.ok("preview", { expectNoChanges: true });

    // Another image replaces the session; the context stays.
    await configure({ team: "platform", imageId: "agb-browser-use-1" });
    const replace = await s.ok("up");
    expect(replace.steps.filter((x) => x.type === PKG_SESSION && x.op !== "same").map((x) => x.op)).toContainEqual(
      expect.stringMatching(/replace/),
    );
    const [replaced] = resourcesOf(await state(), PKG_SESSION);
    expect(replaced.id).not.toBe(session.id);
    expect((await liveSessions(agb)).map((x) => x.sessionId)).toEqual([replaced.id]);
    expect(resourcesOf(await state(), PKG_CONTEXT).map((r) => r.id)).toEqual([ctx.id]);

    await s.ok("destroy");
    expect(await liveSessions(agb)).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
  }
}

export interface ImportResult {
  /** What `pulumi import` printed (stdout and stderr), session then context. */
  printed: string[];
  sessionId: string;
  contextId: string;
}

/**
 * A session and a context made with the AGB API, then `pulumi import agb:index:Session` and
 * `agb:index:Context` (not protected, extra `args`); both end up in the state under their ids
 * and nothing is created. Then destroy releases them (they are the stack's now).
 */
export async function importOutside(agb: PerFileLocal, o: QuickstartOptions, args: string[] = []): Promise<ImportResult> {
  const key = `akm-${o.example}-import`;
  const sessionId = await api(agb.url, key).createSession({ labels: JSON.stringify({ owner: "outside" }) }, "agb-code-space-1");
  const context = await directClient(agb.url, key).getContext({ name: "made-outside", allowCreate: true });
  const s = await quickstartStack(agb, o, key);
  try {
    await s.ok("up");
    const created = (await agb.control.counters()).sessionsCreated;
    const printed: string[] = [];
    for (const [type, name, id] of [
      [PKG_SESSION, "imported", sessionId],
      [PKG_CONTEXT, "importedContext", context.id],
    ]) {
      printed.push(await s.must(["import", type, name, id, "--yes", "--protect=false", "--stack", s.stack, ...args]));
    }
    const d = await s.exported();
    expect(resourcesOf(d, PKG_SESSION).map((r) => r.id)).toContain(sessionId);
    expect(resourcesOf(d, PKG_CONTEXT).map((r) => r.id)).toContain(context.id);
    expect((await agb.control.counters()).sessionsCreated).toBe(created);
    await s.ok("destroy");
    expect(await liveSessions(agb)).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
    return { printed, sessionId, contextId: context.id };
  } finally {
    await s.close();
  }
}
