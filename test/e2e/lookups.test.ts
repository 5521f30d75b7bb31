/**
 * A real Pulumi program that uses the lookups, run by the in-repo test engine (the real program
 * runtime and the real dynamic-provider host) against agb-local: preview, up, a failing lookup.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgbClient } from "../../dist/client";
import { engine, local } from "./harness";

jest.setTimeout(240_000);

const PROGRAM = join(__dirname, "fixtures", "lookup-program");

test("lookups in a program: Promise form in preview, Output forms after up, secrets kept, bad name reported", async () => {
  const agb = await local.startAgbLocal({ port: 0, quiet: true, timing: { createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20, clearMs: 20 } });
  const apiKey = `e2e-lookup-key-${Math.random().toString(16).slice(2)}`;
  const stateDir = mkdtempSync(join(tmpdir(), "agb-lookup-state-"));
  const run = (op: "preview" | "up" | "destroy", existingContext: string) =>
    engine.runOperation({
      op, programDir: PROGRAM, stack: "t", stateDir, parallel: 4,
      config: { "agb:endpoint": agb.url, "agb-lookups:existingContext": existingContext }, secretConfig: { "agb:apiKey": apiKey },
    });
  try {
    const existing = await new AgbClient({ apiKey, endpoint: agb.url }).getContext({ name: "made-elsewhere", allowCreate: true });

    const plan = await run("preview", "made-elsewhere");
    expect(plan.ok).toBe(true);
    expect(plan.outputs.existingContextId).toBe(existing.id); // the lookup ran during the preview
    expect(plan.outputs.contextCount).toBe(1);

    const up = await run("up", "made-elsewhere");
    expect(up.ok).toBe(true);
    const state = readFileSync(join(stateDir, "t.json"), "utf8");
    const ids = (type: string) => (JSON.parse(state) as { resources: { type: string; id: string }[] }).resources.filter((r) => r.type.endsWith(type)).map((r) => r.id);
    expect(up.outputs.madeContextId).toEqual(ids("agb:Context")[0]);
    expect(up.outputs.managedSessionIds).toEqual(ids("agb:Session"));
    expect(up.outputs.sessionStatus).toBe("RUNNING");
    expect(String(up.outputs.sessionResourceUrl)).toContain("authCode=");
    expect(up.secretOutputs).toContain("sessionResourceUrl");
    expect(up.secretOutputs).not.toContain("sessionStatus");
    expect(state).not.toContain(String(up.outputs.sessionResourceUrl));
    expect(state).not.toContain(apiKey);

    const bad = await run("preview", "no-such-context");
    expect(bad.ok).toBe(false);
    expect(bad.printed).toContain('agb.getContext: name: no context named "no-such-context"');
    expect(bad.printed).not.toContain(apiKey);

    expect((await run("destroy", "made-elsewhere")).ok).toBe(true);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await agb.close();
  }
});
