/**
 * Replacement and partial failure under the real CLI: `pulumi up --replace <session urn>` (the real
 * engine does not call Diff for a forced replace: pkg/resource/deploy/step_generator.go marks the
 * URN for replacement before diffing), and a sync that fails at create (the session stays in state;
 * the next `up` finishes it).
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { resourcesOf, SESSION_TYPE } from "./cli-stack";
import { destroyLeavesNothing, liveSessionIds, withStack, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const agb = useCliAgbLocal();

const liveIds = () => liveSessionIds(agb);

test("up --replace <session urn>: one new live session, the old one released after the new one exists", async () => {
  await withStackUp(agb, { programDir: PROGRAM, key: "akm-cli-replace" }, async (s) => {
    const [old] = resourcesOf(await s.exported(), SESSION_TYPE);
    const logsBefore = (await agb.control.logs()).length;

    const out = await s.upReplacing(old.urn);
    const [now] = resourcesOf(await s.exported(), SESSION_TYPE);
    expect(now.id).not.toBe(old.id);
    expect(await liveIds()).toEqual([now.id]);
    // Create before delete: the new session's create precedes the old one's release.
    const ops = (await agb.control.logs()).slice(logsBefore).map((l) => l.operation);
    const created = ops.lastIndexOf("createSession");
    const released = ops.findIndex((o) => o === "releaseSessionAsync" || o === "releaseSession");
    expect({ created: created >= 0, releasedAfter: released > created }).toEqual({ created: true, releasedAfter: true });
    expect(out).toMatch(/replaced/);
    await destroyLeavesNothing(agb, s);
  });
});

test("a sync failing at create: the up fails with the sessions kept in state; the next up finishes them", async () => {
  await withStack(agb, { programDir: PROGRAM, key: "akm-cli-partial", config: { "paths:sessions": "2" } }, async (s) => {
    await agb.control.setTiming({ syncOutcome: "Failed" });
    const first = await s.run("up");
    expect(first.ok).toBe(false);
    expect(first.printed).toMatch(/download|sync/i);
    const kept = resourcesOf(await s.exported(), SESSION_TYPE);
    expect(kept.map((r) => r.id).sort()).toEqual(await liveIds());
    expect(kept).toHaveLength(2);

    await agb.control.setTiming({ syncOutcome: "Success" });
    await s.ok("up");
    const after = resourcesOf(await s.exported(), SESSION_TYPE);
    expect(after.map((r) => r.id).sort()).toEqual(await liveIds());
    expect(after.every((r) => r.outputs?.ready === true)).toBe(true);
    await s.ok("preview", { expectNoChanges: true });
    await destroyLeavesNothing(agb, s);
  });
});
