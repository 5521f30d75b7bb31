/**
 * `pulumi import agb:index:Session` and `agb:index:Context` under the real CLI, of objects made
 * outside Pulumi (the dynamic form cannot be imported: pulumi/pulumi#16175, crash-and-import.test.ts).
 * Our own Node.js language host has no GenerateProgram, so the imports run with
 * `--generate-code=false`; the program then declares the resources as the printed code would.
 */
import { join } from "node:path";
import { LIVE, ROOT } from "../engine/harness";
import { api } from "../local/helpers";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack, resourcesOf } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "plugin");
const agb = useCliAgbLocal();

const live = async () =>
  (await agb.control.sessions())
    .filter((s) => LIVE.has(s.status))
    .map((s) => s.sessionId)
    .sort();
const byName = (resources: { urn: string; id?: string }[], name: string) => resources.find((r) => r.urn.endsWith(`::${name}`));

test("pulumi import of a Session and a Context made outside Pulumi: recorded, kept by the next up (one update, no replacement), released by destroy", async () => {
  const key = "akm-cli-plugin-import";
  const s = new CliStack({ programDir: PROGRAM });
  try {
    await s.init(agb.url, key, { "plugin:sessions": "0" });
    const outside = await api(agb.url, key).createSession({ labels: JSON.stringify({ owner: "outside" }) });
    const context = await directClient(agb.url, key).getContext({ name: "made-outside", allowCreate: true });

    const importSession = await s.must([
      "import",
      "agb:index:Session",
      "imported-session",
      outside,
      "--yes",
      "--generate-code=false",
      "--protect=false",
      "--stack",
      s.stack,
    ]);
    console.log(`pulumi import agb:index:Session said:\n${importSession}`);
    expect(importSession).toMatch(/1 imported/);
    const importContext = await s.must([
      "import",
      "agb:index:Context",
      "imported-context",
      context.id,
      "--yes",
      "--generate-code=false",
      "--protect=false",
      "--stack",
      s.stack,
    ]);
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
    expect(await live()).toEqual([outside]);
    await s.ok("preview", { expectNoChanges: true });

    await s.ok("destroy");
    expect(await live()).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
  }
});
