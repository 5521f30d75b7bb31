/**
 * `kill -9` of `pulumi` during an up of 10 sessions, then the repair the CLI tells users to make
 * (pending operations: `pulumi refresh --clear-pending-creates`, then `pulumi up`): no leaked and no
 * duplicated session; a context the crash left in AGB but not in state, taken back by the told
 * repair (adoptExisting); the processes the killed pulumi left running ended by the test. And
 * `pulumi import` of a dynamic resource (pulumi/pulumi#16175), with `adoptSessionId` doing that job.
 */
import { join } from "node:path";
import { LIVE, ROOT } from "../engine/harness";
import { api } from "../local/helpers";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { UpInFlight } from "./cli-kills";
import { CONTEXT_TYPE, resourcesOf, SESSION_TYPE } from "./cli-stack";
import { destroyLeavesNothing, withStack } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const FAST = { createPendingMs: 0, createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20, clearMs: 20 };
const agb = useCliAgbLocal({ timing: FAST, timingEachTest: true });

const live = async () => (await agb.control.sessions()).filter((s) => LIVE.has(s.status));

test("kill -9 of pulumi during an up of 10 sessions: the told repair leaves exactly 10 live sessions", async () => {
  const key = "akm-cli-kill";
  await withStack(agb, { programDir: PROGRAM, parallel: 10, key, config: { "paths:sessions": "10", "paths:sync": "false" } }, async (s) => {
    // Sessions take 5 s to become ready, so the kill lands while creates are in flight.
    await agb.control.setTiming({ createPendingMs: 5000 });
    const up = new UpInFlight(s, ["--parallel", "10"]);
    if (!(await up.waitFor(async () => (await agb.control.sessions()).length >= 3, 200)))
      throw new Error(`${up.ended ? "pulumi up ended before the kill" : "no session was created within 300 s"}:\n${up.output}`);
    await up.killPulumiAlone();
    // What the killed pulumi started keeps running without it: the dynamic provider host (and the
    // plugin's shell wrapper) have nothing that notices, the language host checks for its CLI only
    // every 5 minutes (scripts/pulumi-cli/nodejs-langhost/main.go). This test started them: it ends them.
    const orphans = await s.endProcesses();
    console.log(`kill -9 of pulumi left running:\n${orphans.map((p) => p.args).join("\n")}`);
    expect(orphans.map((p) => p.args)).toContainEqual(expect.stringContaining("cmd/dynamic-provider"));
    await agb.control.setTiming({ createPendingMs: 0 });

    // What the CLI says next, recorded (README) and followed.
    const next = await s.run("up");
    console.log(`after kill -9, pulumi up said:\n${next.printed}`);
    expect(next.ok).toBe(false);
    expect(next.printed).toMatch(/pending operation|locked/i);
    const repair = await s.repairAfterKill(next.printed);
    console.log(`pulumi refresh --clear-pending-creates said:\n${repair}`);
    const after = await s.run("up");
    if (!after.ok) {
      // The kill can also land while the context's create is in flight: AGB made it, the state
      // never recorded it. A session is found again by its creation token; a context has nothing
      // but its name, so the provider refuses to take it over silently and names it. The told
      // repair: adoptExisting for that run (README, "kill -9").
      const orphan = /A context named "([^"]+)" already exists \(id (\S+)\)/.exec(after.printed);
      expect({ error: after.error, orphan: !!orphan }).toEqual({ error: after.error, orphan: true });
      await s.configure(agb.url, key, { "paths:sessions": "10", "paths:sync": "false", "paths:adoptContext": "true" });
      await s.ok("up");
      expect(resourcesOf(await s.exported(), CONTEXT_TYPE).map((r) => r.id)).toEqual([orphan![2]]);
    }

    const inState = resourcesOf(await s.exported(), SESSION_TYPE)
      .map((r) => r.id)
      .sort();
    expect(inState).toHaveLength(10);
    expect((await live()).map((x) => x.sessionId).sort()).toEqual(inState);
    const contexts = resourcesOf(await s.exported(), CONTEXT_TYPE);
    expect((await agb.control.contexts()).map((c) => c.id)).toEqual(contexts.map((c) => c.id));
    await destroyLeavesNothing(agb, s);
  });
});

test("pulumi import of a Session fails (pulumi/pulumi#16175); adoptSessionId brings the session under management", async () => {
  const key = "akm-cli-import";
  const outside = await api(agb.url, key).createSession({}, "agb-code-space-1");
  await withStack(agb, { programDir: PROGRAM, key, config: { "paths:sync": "false" } }, async (s) => {
    const imp = await s.cli.exec(["import", SESSION_TYPE, "imported", outside, "--yes", "--stack", s.stack]);
    console.log(`pulumi import said:\n${imp.stdout}\n${imp.stderr}`);
    expect(imp.code).not.toBe(0);
    expect(resourcesOf(await s.exported(), SESSION_TYPE)).toEqual([]);

    const created = (await agb.control.counters()).sessionsCreated;
    await s.configure(agb.url, key, { "paths:sync": "false", "paths:adoptSessionId": outside });
    await s.ok("up");
    expect(resourcesOf(await s.exported(), SESSION_TYPE).map((r) => r.id)).toEqual([outside]);
    expect((await agb.control.counters()).sessionsCreated).toBe(created);
    await destroyLeavesNothing(agb, s);
  });
});

test("a context AGB has and the state does not (a create cut short): up names it, one up with adoptExisting takes it back", async () => {
  const key = "akm-cli-orphan";
  await withStack(agb, { programDir: PROGRAM, key, config: { "paths:sessions": "2" } }, async (s) => {
    // What a kill during the Context's create leaves: the context exists in AGB under the stack's name.
    const orphan = await directClient(agb.url, key).getContext({ name: `agb-cli-paths-${s.stack}-work`, allowCreate: true });
    const refused = await s.run("up");
    expect(refused.ok).toBe(false);
    expect(refused.printed).toContain(`already exists (id ${orphan.id})`);
    expect(refused.printed).toContain("adoptExisting: true");
    expect(await live()).toEqual([]); // the sessions wait on the context: none was created

    await s.configure(agb.url, key, { "paths:sessions": "2", "paths:adoptContext": "true" });
    await s.ok("up");
    expect(resourcesOf(await s.exported(), CONTEXT_TYPE).map((r) => r.id)).toEqual([orphan.id]);
    expect((await agb.control.contexts()).map((c) => c.id)).toEqual([orphan.id]);
    expect(await live()).toHaveLength(2);
    await destroyLeavesNothing(agb, s);
  });
});
