/**
 * `pulumi import agb:index:Session` and `agb:index:Context` under the real CLI, of objects made
 * outside Pulumi (the dynamic form cannot be imported: pulumi/pulumi#16175, crash-and-import.test.ts).
 * Our own Node.js language host has no GenerateProgram, so the imports run with
 * `--generate-code=false`; the program then declares the resources as the printed code would.
 */
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { api } from "../local/helpers";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { resourcesOf } from "./cli-stack";
import { destroyLeavesNothing, liveSessionIds, withStack } from "./cli-steps";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const agb = useCliAgbLocal();

const byName = (resources: { urn: string; id?: string }[], name: string) => resources.find((r) => r.urn.endsWith(`::${name}`));

test("pulumi import of a Session and a Context made outside Pulumi: recorded, kept by the next up (one update, no replacement), released by destroy", async () => {
  const key = "akm-cli-plugin-import";
  await withStack(agb, { programDir: PROGRAM, key, config: { "plugin:sessions": "0" } }, async (s) => {
    const outside = await api(agb.url, key).createSession({ labels: JSON.stringify({ owner: "outside" }) });
    const context = await directClient(agb.url, key).getContext({ name: "made-outside", allowCreate: true });

    const importSession = await s.importResource("agb:index:Session", "imported-session", outside);
    console.log(`pulumi import agb:index:Session said:\n${importSession}`);
    expect(importSession).toMatch(/1 imported/);
    const importContext = await s.importResource("agb:index:Context", "imported-context", context.id);
    expect(importContext).toMatch(/1 imported/);
    const imported = await s.exported();
    expect(byName(resourcesOf(imported, "agb:index:Session"), "imported-session")?.id).toBe(outside);
    expect(byName(resourcesOf(imported, "agb:index:Context"), "imported-context")?.id).toBe(context.id);
    expect(resourcesOf(imported, "agb:index:Session")[0].outputs?.labels).toEqual({ owner: "outside" });

    // The program now declares both (as the code the import would print).
    await s.configure(agb.url, key, {
      "plugin:sessions": "0",
      "plugin:importedSession": outside,
      "plugin:importedContext": "made-outside",
    });
    const up = await s.ok("up");
    // The work context of the program is new; the imported ones stay (the session's first up records its image).
    const changed = up.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`);
    expect(changed.sort()).toEqual(["create work", "update imported-session"]);
    expect(await liveSessionIds(agb)).toEqual([outside]);
    await s.ok("preview", { expectNoChanges: true });

    await destroyLeavesNothing(agb, s);
  });
});
