/**
 * A real Pulumi program that uses the lookups, run by the in-repo test engine (the real program
 * runtime and the real dynamic-provider host) against agb-local: preview, up, a failing lookup.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgbClient } from "../../dist/client";
import { engine, local } from "../engine/harness";

jest.setTimeout(240_000);

const PROGRAM = join(__dirname, "fixtures", "lookup-program");

test("lookups and context files in a program: lookups in preview and after up, secrets kept, files uploaded, updated in place, destroyed", async () => {
  const agb = await local.startAgbLocal({
    port: 0,
    quiet: true,
    timing: { createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20, clearMs: 20 },
  });
  const apiKey = `e2e-lookup-key-${Math.random().toString(16).slice(2)}`;
  const stateDir = mkdtempSync(join(tmpdir(), "agb-lookup-state-"));
  const run = (op: "preview" | "up" | "destroy", existingContext: string, note?: string) =>
    engine.runOperation({
      op,
      programDir: PROGRAM,
      stack: "t",
      stateDir,
      parallel: 4,
      config: { "agb:endpoint": agb.url, "agb-lookups:existingContext": existingContext, ...(note ? { "agb-lookups:note": note } : {}) },
      secretConfig: { "agb:apiKey": apiKey },
    });
  const client = new AgbClient({ apiKey, endpoint: agb.url });
  const filesIn = async (contextId: string) =>
    (await client.describeContextFiles({ contextId, parentFolderPath: "/data" })).files.map((f) => [f.filePath, f.size]);
  try {
    const existing = await client.getContext({ name: "made-elsewhere", allowCreate: true });

    const plan = await run("preview", "made-elsewhere");
    expect(plan.ok).toBe(true);
    expect(plan.outputs.existingContextId).toBe(existing.id); // the lookup ran during the preview
    expect(plan.outputs.contextCount).toBe(1);

    const up = await run("up", "made-elsewhere");
    expect(up.ok).toBe(true);
    const state = readFileSync(join(stateDir, "t.json"), "utf8");
    const ids = (type: string) =>
      (JSON.parse(state) as { resources: { type: string; id: string }[] }).resources.filter((r) => r.type.endsWith(type)).map((r) => r.id);
    expect(up.outputs.madeContextId).toEqual(ids("agb:Context")[0]);
    expect(up.outputs.managedSessionIds).toEqual(ids("agb:Session"));
    expect(up.outputs.sessionStatus).toBe("RUNNING");
    expect(String(up.outputs.sessionResourceUrl)).toContain("authCode=");
    expect(up.secretOutputs).toContain("sessionResourceUrl");
    expect(up.secretOutputs).not.toContain("sessionStatus");
    expect(state).not.toContain(String(up.outputs.sessionResourceUrl));
    expect(state).not.toContain(apiKey);

    // The context files: uploaded, stable on a second up, a new note is an in-place update.
    const madeId = ids("agb:Context")[0];
    expect(up.outputs.filePaths).toEqual(["/data/seed.txt", "/data/note.txt"]);
    expect(await filesIn(madeId)).toEqual([
      ["/data/note.txt", 10],
      ["/data/seed.txt", 40],
    ]);
    const again = await run("up", "made-elsewhere");
    expect(again.steps.filter((s) => s.op !== "same")).toEqual([]);
    const renoted = await run("up", "made-elsewhere", "a longer second note");
    expect(renoted.steps.filter((s) => s.op !== "same").map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "note"]]);
    expect(await filesIn(madeId)).toEqual([
      ["/data/note.txt", 20],
      ["/data/seed.txt", 40],
    ]);

    const bad = await run("preview", "no-such-context");
    expect(bad.ok).toBe(false);
    expect(bad.printed).toContain('agb.getContext: name: no context named "no-such-context"');
    expect(bad.printed).not.toContain(apiKey);

    // Destroy removes the files before their context (which, holding none, is deleted).
    expect((await run("destroy", "made-elsewhere", "a longer second note")).ok).toBe(true);
    const left: string[] = [];
    for await (const c of client.listContexts()) left.push(c.name);
    expect(left).toEqual(["made-elsewhere"]);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await agb.close();
  }
});

const FAILING_LOOKUPS: Array<[string, (url: string) => string, RegExp]> = [
  ["refused for its key", (url) => url, /^error: agb\.getSessions failed: .*check agb:apiKey/],
  // Port 9 (discard) has no listener here: the connection is refused, as for a mistyped endpoint.
  [
    "sent to an endpoint that does not answer",
    () => "http://127.0.0.1:9",
    /^error: agb\.getSessions failed: .*ECONNREFUSED.*; check agb:endpoint \(or AGB_ENDPOINT\)$/,
  ],
];

test.each(FAILING_LOOKUPS)(
  "a lookup %s fails as one line naming the lookup and the fix: no stack trace, colour codes or warnings",
  async (_what, endpointOf, line) => {
    const agb = await local.startAgbLocal({ port: 0, quiet: true, strictness: { apiKeys: ["the-right-key"] } });
    const stateDir = mkdtempSync(join(tmpdir(), "agb-lookup-fails-"));
    try {
      const r = await engine.runOperation({
        op: "up",
        programDir: join(__dirname, "fixtures", "lookup-fails"),
        stack: "t",
        stateDir,
        config: { "agb:endpoint": endpointOf(agb.url) },
        secretConfig: { "agb:apiKey": "a-mistyped-key" },
      });
      expect(r.ok).toBe(false);
      const diagnostics = r.printed
        .split(/^Diagnostics:$/m)[1]
        .split(/^Resources:$/m)[0]
        .trim()
        .split("\n")
        .map((l) => l.trim());
      expect(diagnostics).toHaveLength(2);
      expect(diagnostics[0]).toBe("pulumi:pulumi:Stack (agb-lookup-fails-t):");
      expect(diagnostics[1]).toMatch(line);
      expect(r.printed).not.toMatch(/^\s+at /m);
      expect(r.printed).not.toContain("\u001b[");
      expect(r.printed).not.toMatch(/Warning/);
      expect(r.printed).not.toContain("a-mistyped-key");
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
      await agb.close();
    }
  },
);
