/**
 * Replacement order end to end (issue 9 item 5), through the in-repo engine, the real program
 * runtime and the real provider host against agb-local: a session that uploads to a context on
 * delete, replaced by one that downloads that context at create, is released (after its upload)
 * BEFORE the new one is created; with `syncOnDelete: false` the default create-before-delete stays.
 *
 * The engine side: pulumi/pulumi pkg/resource/deploy/step_generator.go takes `deleteBeforeReplace`
 * from the provider's DiffResponse unless the resource option overrides it; the test engine
 * (test-engine/src/deployment.ts) follows the same rule.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engine, local, ROOT } from "../engine/harness";

jest.setTimeout(240_000);

const FLEET = join(ROOT, "test", "reliability", "programs", "fleet");
const MUTATIONS = new Set(["createSession", "SyncContext", "releaseSessionAsync"]);

test("shared upload/download context: release (after upload) before create; without upload on delete: create first", async () => {
  const agb = await local.startAgbLocal({
    port: 0,
    quiet: true,
    timing: { createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20, clearMs: 20 },
  });
  const stateDir = mkdtempSync(join(tmpdir(), "agb-replace-order-"));
  const fleet: Record<string, string> = { "fleet:sessions": "1", "fleet:contexts": "1", "fleet:syncEvery": "1" };
  const run = async (op: "preview" | "up" | "destroy", config: Record<string, string> = {}) => {
    const r = await engine.runOperation({
      op,
      programDir: FLEET,
      stack: "order",
      stateDir,
      parallel: 4,
      config: { "agb:endpoint": agb.url, ...fleet, ...config },
      secretConfig: { "agb:apiKey": "e2e-replace-order-key" },
    });
    if (!r.ok) throw new Error(`${op} failed: ${r.error}\n${r.printed}`);
    return r;
  };
  /** The mutating AGB operations of the run, in the order agb-local received them. */
  const mutationsDuring = async (f: () => Promise<unknown>) => {
    const from = (await agb.control.logs()).length;
    await f();
    return (await agb.control.logs())
      .slice(from)
      .map((l) => l.operation)
      .filter((op) => MUTATIONS.has(op));
  };
  const sessionStep = (steps: Array<{ op: string; urn: string; deleteBeforeReplace?: boolean; keys: string[] }>) =>
    steps.find((s) => s.urn.endsWith("agb:Session::s-0"));
  try {
    await run("up");
    const [first] = (await agb.control.sessions()).filter((s) => s.status === "RUNNING");

    // The plan already says so, and the up does it: upload, release, then create.
    const plan = await run("preview", { "fleet:imageId": "agb-code-space-2" });
    expect(sessionStep(plan.steps)).toMatchObject({ op: "replace", keys: ["imageId"], deleteBeforeReplace: true });
    expect(plan.printed).toMatch(/delete before replace/);
    let up: Awaited<ReturnType<typeof run>> | undefined;
    const ops = await mutationsDuring(async () => (up = await run("up", { "fleet:imageId": "agb-code-space-2" })));
    expect(sessionStep(up!.steps)).toMatchObject({ op: "replace", deleteBeforeReplace: true });
    expect(ops).toEqual(["SyncContext", "releaseSessionAsync", "createSession"]);
    const live = (await agb.control.sessions()).filter((s) => s.status === "RUNNING");
    expect(live.map((s) => s.imageId)).toEqual(["agb-code-space-2"]);
    expect(live[0].sessionId).not.toBe(first.sessionId);
    expect((await agb.control.counters()).releasesWithUnsyncedData).toBe(0);

    // syncOnDelete false (an in-place change): the old session uploads nothing, so the new one may
    // start first, as by default.
    await run("up", { "fleet:imageId": "agb-code-space-2", "fleet:syncOnDelete": "false" });
    let cbd: Awaited<ReturnType<typeof run>> | undefined;
    const ops2 = await mutationsDuring(
      async () => (cbd = await run("up", { "fleet:imageId": "agb-code-space-3", "fleet:syncOnDelete": "false" })),
    );
    expect(sessionStep(cbd!.steps)).toMatchObject({ op: "replace", deleteBeforeReplace: false });
    expect(ops2).toEqual(["createSession", "releaseSessionAsync"]);

    await run("destroy", { "fleet:imageId": "agb-code-space-3", "fleet:syncOnDelete": "false" });
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await agb.close();
  }
});
