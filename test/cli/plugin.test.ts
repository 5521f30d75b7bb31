/**
 * The provider plugin `pulumi-resource-agb` under the real CLI, found as a user names it in
 * Pulumi.yaml (`plugins: providers: [{ name: agb, path: ./node_modules/pulumi-agb/bin }]`): the
 * lifecycle of a session and a context in the plugin form (types `agb:index:*`, no serialized
 * provider in state, credentials secret), the claim on the next diff, drift, destroy. The move
 * from the dynamic form is in plugin-migrate.test.ts, `pulumi import` in plugin-import.test.ts.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, idsOf as ids, resourcesOf } from "./cli-stack";
import { destroyLeavesNothing, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const PLUGIN_SESSION = "agb:index:Session";
const PLUGIN_CONTEXT = "agb:index:Context";
const agb = useCliAgbLocal();

const claimOf = async (key: string, id: string) => (await directClient(agb.url, key).getLabels(id))["pulumi-agb-claim"];
const opsOf = (steps: { op: string; type: string; name: string }[]) =>
  steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.type} ${x.name}`);

test("plugin form: up, the claim on the next preview, a label update in place, drift through refresh, destroy", async () => {
  const key = "akm-cli-plugin";
  await withStackUp(agb, { programDir: PROGRAM, key, config: { "plugin:lookups": "true" } }, async (s) => {
    const state = await s.exported();
    const [session] = resourcesOf(state, PLUGIN_SESSION);
    expect(session).toBeDefined();
    expect(ids(state, PLUGIN_CONTEXT)).toHaveLength(1);
    // No serialized provider, no dynamic type; the credentials are stored encrypted.
    expect(JSON.stringify(state)).not.toContain("__provider");
    expect(JSON.stringify(state)).not.toContain("pulumi-nodejs:dynamic");
    expect(session.outputs?.token).toHaveProperty("ciphertext");
    expect(session.outputs?.resourceUrl).toHaveProperty("ciphertext");
    // The managed labels name the resource as the dynamic form's would (identity from the URN).
    const labels = await directClient(agb.url, key).getLabels(session.id!);
    expect(labels).toMatchObject({
      team: "plugin",
      "pulumi-agb-name": "s-0",
      "pulumi-agb-project": "agb-cli-plugin",
      "pulumi-agb-stack": "dev",
    });
    // The functions answer from the plugin, with the lookups' own errors.
    const outputs = JSON.parse(await s.must(["stack", "output", "--json", "--stack", s.stack])) as { lookups: Record<string, unknown> };
    expect(outputs.lookups).toMatchObject({
      contextNames: ["agb-cli-plugin-dev-work"],
      sessionStatus: "RUNNING",
      sessionLabels: { team: "plugin" },
      listed: [session.id],
    });
    expect(outputs.lookups.bad).toContain("agb.getContext");
    // Handed over, not yet claimed: the plugin cannot see the engine save its answer...
    expect(labels["pulumi-agb-claim"]).toBe("unclaimed");
    // ...and the next diff, which carries the id from the saved state, claims it, planning nothing.
    await s.ok("preview", { expectNoChanges: true });
    expect(await claimOf(key, session.id!)).toBe("claimed");

    await s.configure(agb.url, key, { "plugin:team": "moved", "plugin:lookups": "true" });
    const update = await s.ok("up");
    expect(opsOf(update.steps)).toEqual([`update ${PLUGIN_SESSION} s-0`]);
    expect(ids(await s.exported(), PLUGIN_SESSION)).toEqual([session.id]);
    expect((await directClient(agb.url, key).getLabels(session.id!)).team).toBe("moved");

    // Drift: a label changed out of band shows in refresh and the next up puts it back.
    const client = directClient(agb.url, key);
    await client.setLabels(session.id!, { ...(await client.getLabels(session.id!)), team: "drifted" });
    await s.ok("refresh");
    expect(resourcesOf(await s.exported(), PLUGIN_SESSION)[0].outputs?.labels).toEqual({ team: "drifted" });
    await s.ok("up");
    expect((await client.getLabels(session.id!)).team).toBe("moved");

    await destroyLeavesNothing(agb, s);
  });
});

test("the CLI binds the committed package schema: four resources and four functions", async () => {
  const s = new CliStack({ programDir: PROGRAM });
  try {
    const info = await s.must(["package", "info", join(ROOT, "provider", "plugin", "schema.json")]);
    expect(info).toMatch(/Resources: 4/);
    expect(info).toMatch(/Functions: 4/);
    for (const name of ["Session", "Context", "ContextFile", "BrowserExtension", "getSession", "getSessions", "getContext", "getContexts"])
      expect(info).toContain(` - ${name}: `);
  } finally {
    await s.close();
  }
});
