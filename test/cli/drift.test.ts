/**
 * Drift under the real CLI: labels changed through the AGB API (preview --refresh shows them,
 * up --refresh restores them), a session released out of band (refresh drops it, up recreates it),
 * a context renamed out of band (shown and renamed back), and that a Context renamed out of band or
 * in the program replaces nothing that uses it (a Session, a ContextFile), wired by `contextId` or by `id`.
 */
import { join } from "node:path";
import { agbCall, drift, ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, CONTEXT_TYPE, resourcesOf, SESSION_TYPE } from "./cli-stack";
import { liveSessionIds, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const agb = useCliAgbLocal();

const liveIds = () => liveSessionIds(agb);

test("labels, a released session and a renamed context changed out of band: shown, then restored", async () => {
  const key = "akm-cli-drift";
  await withStackUp(agb, { programDir: PROGRAM, key }, async (s) => {
    const [session] = resourcesOf(await s.exported(), SESSION_TYPE);
    const [ctx] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    const ctxName = (await agb.control.contexts()).find((c) => c.id === ctx.id)!.name;

    // Labels and the context's name changed through the API.
    await drift(agb.url, "session-labels", { sessionId: session.id!, labels: { team: "drifted" } });
    await drift(agb.url, "rename-context", { contextId: ctx.id!, name: `${ctxName}-renamed` });
    const pr = await s.ok("preview-refresh");
    const refreshed = pr.steps.filter((x) => x.op === "refresh");
    expect(refreshed.find((x) => x.type === SESSION_TYPE)?.keys).toContain("labels");
    expect(refreshed.find((x) => x.type === CONTEXT_TYPE)?.keys).toContain("name");
    expect(pr.steps.find((x) => x.op === "update" && x.type === CONTEXT_TYPE)?.keys).toContain("name");

    const upRefresh = await s.must(["up", "--yes", "--skip-preview", "--refresh", "--stack", s.stack]);
    expect(upRefresh).toMatch(/updated/);
    expect((await agb.control.sessions()).find((x) => x.sessionId === session.id)?.labels).toMatchObject({ team: "paths", index: "0" });
    expect((await agb.control.contexts()).find((c) => c.id === ctx.id)?.name).toBe(ctxName);
    await s.ok("preview", { expectNoChanges: true });

    // The session released out of band: refresh drops it, up recreates it.
    await drift(agb.url, "release-session", { sessionId: session.id! });
    await s.ok("refresh");
    expect(resourcesOf(await s.exported(), SESSION_TYPE)).toEqual([]);
    await s.ok("up");
    const [again] = resourcesOf(await s.exported(), SESSION_TYPE);
    expect(again.id).not.toBe(session.id);
    expect(await liveIds()).toEqual([again.id]);
    await s.ok("destroy");
    expect(await liveIds()).toEqual([]);
  });
});

/**
 * What `pulumi preview` plans for the Session and the ContextFile that use a context, wired by
 * `contextId` or by `id`: after the context is renamed out of band (`preview --refresh`), and for a
 * rename in the program (`preview`, then `up`).
 */
async function renamePreview(wireBy: "contextId" | "id"): Promise<{ outOfBand: string[]; session: string[]; context: string[] }> {
  const s = new CliStack({ programDir: PROGRAM, stack: `rename-${wireBy.toLowerCase()}` });
  const key = `akm-cli-rename-${wireBy}`;
  try {
    await s.init(agb.url, key, { "paths:wireBy": wireBy, "paths:contextName": `ctx-${wireBy}-a`, "paths:file": "true" });
    await s.ok("up");
    const users = (steps: { type: string; op: string }[]) =>
      steps.filter((x) => x.type !== CONTEXT_TYPE && x.op !== "same" && x.op !== "refresh").map((x) => `${x.op} ${x.type}`);

    const [ctx] = resourcesOf(await s.exported(), CONTEXT_TYPE);
    await agbCall(agb.url, key, "POST", "/sdk/ModifyContext", { id: ctx.id!, name: `ctx-${wireBy}-renamed` });
    const outOfBand = users((await s.ok("preview-refresh")).steps);

    await s.cli.setConfig(
      { "agb:endpoint": agb.url, "paths:wireBy": wireBy, "paths:contextName": `ctx-${wireBy}-b`, "paths:file": "true" },
      { "agb:apiKey": key },
    );
    const pr = await s.ok("preview");
    const up = await s.ok("up");
    const ops = (steps: typeof pr.steps, type: string) => steps.filter((x) => x.type === type && x.op !== "same").map((x) => x.op);
    const result = { outOfBand, session: [...users(pr.steps), "|up:", ...users(up.steps)], context: ops(pr.steps, CONTEXT_TYPE) };
    await s.ok("destroy");
    return result;
  } finally {
    await s.close();
  }
}

test("a Context renamed, out of band or in the program: nothing that uses it is replaced, whether wired by contextId or by id", async () => {
  const byContextId = await renamePreview("contextId");
  const byId = await renamePreview("id");
  console.log(JSON.stringify({ byContextId, byId }));
  expect(byContextId.context).toEqual(["update"]);
  expect(byId.context).toEqual(["update"]);
  // Neither the Session nor the ContextFile changes, in the preview or in the up.
  expect(byContextId.outOfBand).toEqual([]);
  expect(byId.outOfBand).toEqual([]);
  expect(byContextId.session).toEqual(["|up:"]);
  expect(byId.session).toEqual(["|up:"]);
});
