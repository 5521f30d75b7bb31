/**
 * A stack that uses the dynamic form (`import * as agb from "pulumi-agb"`) moves to the plugin
 * form (`agb:index:*`) without replacing any session or context, under the real CLI. Two ways,
 * both measured here: aliases from the dynamic type (one `up`, nothing created, replaced or even
 * updated), and `pulumi state delete` + `pulumi import` (one update that records what AGB does not
 * report). docs/plugin.md tells users the first.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CONTEXT_TYPE, idsOf as ids, resourcesOf, SESSION_TYPE } from "./cli-stack";
import { destroyLeavesNothing, liveSessionIds, withStackUp } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const PLUGIN_SESSION = "agb:index:Session";
const PLUGIN_CONTEXT = "agb:index:Context";
const agb = useCliAgbLocal();

const live = () => liveSessionIds(agb);
const changes = (steps: { op: string; type: string; name: string }[]) =>
  steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.type} ${x.name}`);

test("aliases to the dynamic type: one up moves two sessions and their context to the plugin form, nothing created, replaced or released", async () => {
  const key = "akm-cli-plugin-alias";
  await withStackUp(agb, { programDir: PROGRAM, key, config: { "plugin:form": "dynamic", "plugin:sessions": "2" } }, async (s) => {
    const before = await s.exported();
    const sessions = ids(before, SESSION_TYPE).sort();
    const contexts = ids(before, CONTEXT_TYPE);
    expect(sessions).toHaveLength(2);

    await s.configure(agb.url, key, { "plugin:form": "plugin", "plugin:sessions": "2", "plugin:migrate": "alias" });
    const up = await s.ok("up");
    expect(changes(up.steps)).toEqual([]);
    const after = await s.exported();
    expect(ids(after, PLUGIN_SESSION).sort()).toEqual(sessions);
    expect(ids(after, PLUGIN_CONTEXT)).toEqual(contexts);
    expect(ids(after, SESSION_TYPE)).toEqual([]);
    // The resources now belong to the agb plugin's default provider.
    for (const r of resourcesOf(after, PLUGIN_SESSION))
      expect((r as { provider?: string }).provider).toContain("pulumi:providers:agb::default");
    expect(await live()).toEqual(sessions);

    // The plugin takes over from there: a label update in place, the serialized provider gone once outputs are rewritten.
    await s.configure(agb.url, key, { "plugin:form": "plugin", "plugin:sessions": "2", "plugin:migrate": "alias", "plugin:team": "moved" });
    const update = await s.ok("up");
    expect(changes(update.steps).sort()).toEqual([`update ${PLUGIN_SESSION} s-0`, `update ${PLUGIN_SESSION} s-1`]);
    for (const id of sessions) expect((await directClient(agb.url, key).getLabels(id)).team).toBe("moved");
    expect(JSON.stringify(resourcesOf(await s.exported(), PLUGIN_SESSION).map((r) => r.outputs))).not.toContain("__provider");
    await s.ok("preview", { expectNoChanges: true });
    await destroyLeavesNothing(agb, s);
  });
});

test("`pulumi state delete` + `pulumi import` as the plugin type: the first up updates once (recording what AGB does not report), nothing replaced", async () => {
  const key = "akm-cli-plugin-move";
  await withStackUp(agb, { programDir: PROGRAM, key, config: { "plugin:form": "dynamic" } }, async (s) => {
    const before = await s.exported();
    const [sessionId] = ids(before, SESSION_TYPE);
    const [contextId] = ids(before, CONTEXT_TYPE);
    for (const r of [...resourcesOf(before, SESSION_TYPE), ...resourcesOf(before, CONTEXT_TYPE)]) {
      await s.must(["state", "delete", r.urn, "--yes", "--stack", s.stack]);
    }
    await s.importResource(PLUGIN_CONTEXT, "work", contextId);
    await s.importResource(PLUGIN_SESSION, "s-0", sessionId);
    await s.configure(agb.url, key, { "plugin:form": "plugin" });
    const up = await s.ok("up");
    expect(changes(up.steps)).toEqual([`update ${PLUGIN_SESSION} s-0`]);
    const after = await s.exported();
    expect(ids(after, PLUGIN_SESSION)).toEqual([sessionId]);
    expect(ids(after, PLUGIN_CONTEXT)).toEqual([contextId]);
    expect(await live()).toEqual([sessionId]);
    await s.ok("preview", { expectNoChanges: true });
    await destroyLeavesNothing(agb, s);
  });
});
