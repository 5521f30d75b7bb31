/**
 * Resource options and targeting under the real CLI: `up --target`, `destroy --target`, protect,
 * retainOnDelete, ignoreChanges on labels, and customTimeouts (the engine passes them to the
 * provider, but @pulumi/pulumi's dynamic provider host drops them: the Session's own `timeouts` is
 * what bounds a create).
 */
import { join } from "node:path";
import { LIVE, ROOT } from "../engine/harness";
import { useCliAgbLocal } from "./cli-agb-local";
import { resourcesOf, SESSION_TYPE } from "./cli-stack";
import type { CliStack } from "./cli-stack";
import { expectCreateBoundByOwnTimeouts, withStack as withCliStack } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const FAST = { createPendingMs: 0, createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20, clearMs: 20 };
const agb = useCliAgbLocal({ timing: FAST, timingEachTest: true });

const live = async () => (await agb.control.sessions()).filter((s) => LIVE.has(s.status));

/** A stack of the paths program set up with `key` and `config`, handed to `body`. */
const withStack = (key: string, config: Record<string, string>, body: (s: CliStack) => Promise<void>) =>
  withCliStack(agb, { programDir: PROGRAM, key, config }, body);

test("up --target and destroy --target touch only the named session", async () => {
  const key = "akm-cli-target";
  await withStack(key, { "paths:sessions": "2", "paths:sync": "false" }, async (s) => {
    await s.ok("up");
    const [s0, s1] = resourcesOf(await s.exported(), SESSION_TYPE).sort((a, b) => a.urn.localeCompare(b.urn));
    await s.configure(agb.url, key, { "paths:sessions": "2", "paths:sync": "false", "paths:team": "targeted" });
    await s.upTargeting(s0.urn);
    const labels = Object.fromEntries((await live()).map((x) => [x.sessionId, x.labels.team]));
    expect(labels).toEqual({ [s0.id!]: "targeted", [s1.id!]: "paths" });

    await s.destroyTargeting(s1.urn);
    expect((await live()).map((x) => x.sessionId)).toEqual([s0.id]);
    expect(resourcesOf(await s.exported(), SESSION_TYPE).map((r) => r.id)).toEqual([s0.id]);
    await s.ok("destroy");
    expect(await live()).toEqual([]);
  });
});

test("protect: destroy refuses and nothing is released; unprotected, destroy works", async () => {
  const key = "akm-cli-protect";
  await withStack(key, { "paths:protect": "true" }, async (s) => {
    await s.ok("up");
    const refused = await s.run("destroy");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toMatch(/protected/);
    expect(await live()).toHaveLength(1);
    await s.configure(agb.url, key, { "paths:protect": "false" });
    await s.ok("up");
    await s.ok("destroy");
    expect(await live()).toEqual([]);
  });
});

test("retainOnDelete: destroy drops the session from state and leaves it running", async () => {
  await withStack("akm-cli-retain", { "paths:retainOnDelete": "true", "paths:sync": "false" }, async (s) => {
    await s.ok("up");
    const [session] = resourcesOf(await s.exported(), SESSION_TYPE);
    await s.ok("destroy");
    expect(resourcesOf(await s.exported(), SESSION_TYPE)).toEqual([]);
    expect((await live()).map((x) => x.sessionId)).toEqual([session.id]);
  });
});

test("ignoreChanges: [labels]: a label change in the program plans nothing and changes nothing", async () => {
  const key = "akm-cli-ignore";
  await withStack(key, { "paths:ignoreLabels": "true", "paths:sync": "false" }, async (s) => {
    await s.ok("up");
    await s.configure(agb.url, key, { "paths:ignoreLabels": "true", "paths:sync": "false", "paths:team": "changed" });
    await s.ok("preview", { expectNoChanges: true });
    await s.ok("up", { expectNoChanges: true });
    expect((await live()).map((x) => x.labels.team)).toEqual(["paths"]);
    await s.ok("destroy");
  });
});

test("customTimeouts do not bound a dynamic resource's create; the Session's timeouts.create does", async () => {
  const key = "akm-cli-timeouts";
  // Sessions stay PENDING (never ready): only a deadline ends the create.
  await withStack(key, { "paths:sync": "false", "paths:customCreateTimeout": "2s", "paths:createTimeout": "20" }, async (s) => {
    await expectCreateBoundByOwnTimeouts(agb, s);
    await s.configure(agb.url, key, { "paths:sync": "false" });
    await s.ok("destroy");
  });
});
