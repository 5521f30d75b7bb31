/**
 * The in-repo engine against the real CLI, step for step on one program (examples/quickstart) and
 * one agb-local: the same operations on two stacks, one through each, must print the same
 * "Resources:" block (issue 10 item 7: the summary counts used to differ). Covers create,
 * unchanged, a planned and an applied update, a replace, a refresh with drift, a check failure in
 * preview and in up, and destroy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Operation } from "../../dist-engine";
import { agbCall, engine, ROOT } from "../engine/harness";
import { directClient } from "../support/handler-helpers";
import { useCliAgbLocal } from "./cli-agb-local";
import { scratchDir } from "../support/test-run";
import { CliStack } from "./cli-stack";

jest.setTimeout(1_200_000);

const KEY = "akm-engine-vs-cli";
const PROJECT = "agb-quickstart";
const agb = useCliAgbLocal();

/** The last "Resources:" block the CLI printed, without its Duration line. */
function printedBlock(printed: string): string {
  const lines = printed.split("\n");
  const start = lines.lastIndexOf("Resources:");
  if (start < 0) return `(no Resources block in:\n${printed})`;
  const block = [lines[start]];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith("    ")) break;
    block.push(l);
  }
  return block.join("\n");
}

/** One operation through both; returns the two blocks (engine, CLI) and whether each succeeded. */
async function both(cli: CliStack, engineDir: string, stateDir: string, op: Operation, config: Record<string, string>) {
  const project = Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v]));
  const e = await engine.runOperation({
    op,
    programDir: engineDir,
    stack: "eng",
    stateDir,
    config: { "agb:endpoint": agb.url, ...project },
    secretConfig: { "agb:apiKey": KEY },
    parallel: 4,
  });
  await cli.configure(agb.url, KEY, project);
  const c = await cli.run(op);
  return { engine: e.summary, cli: printedBlock(c.printed), engineOk: e.ok, cliOk: c.ok, enginePrinted: e.printed, cliPrinted: c.printed };
}

async function sessionIds(): Promise<string[]> {
  return (await agb.control.sessions()).filter((s) => s.status === "RUNNING").map((s) => s.sessionId);
}

test("the same operations print the same Resources block under the engine and the real CLI", async () => {
  const cli = new CliStack({ programDir: join(ROOT, "examples", "quickstart"), stack: "cli" });
  const engineDir = scratchDir("engine-vs-cli-");
  engine.copyProject(join(ROOT, "examples", "quickstart"), engineDir);
  const stateDir = mkdtempSync(join(tmpdir(), "engine-vs-cli-"));
  const seen: string[] = [];
  const step = async (what: string, op: Operation, config: Record<string, string>, ok: boolean) => {
    const r = await both(cli, engineDir, stateDir, op, config);
    seen.push(`${what}:\n${r.cli}`);
    expect({ what, ok: r.engineOk, block: r.engine }).toEqual({ what, ok, block: r.cli });
    expect({ what, ok: r.cliOk }).toEqual({ what, ok });
    return r;
  };
  try {
    await cli.init(agb.url, KEY);
    const base = { labels: JSON.stringify({ team: "quickstart" }) };
    await step("up", "up", base, true);
    await step("up again", "up", base, true);
    const relabelled = { labels: JSON.stringify({ team: "other" }) };
    await step("preview of a label change", "preview", relabelled, true);
    await step("the label change", "up", relabelled, true);
    const reimaged = { ...relabelled, imageId: "agb-browser-use-1" };
    await step("preview of an image change", "preview", reimaged, true);
    await step("the image change (replace)", "up", reimaged, true);
    for (const id of await sessionIds()) {
      await agbCall(agb.url, KEY, "POST", "/sdk/SetLabel", { sessionId: id, Labels: JSON.stringify({ team: "drifted" }) });
    }
    await step("refresh after labels drifted", "refresh", reimaged, true);
    const bad = { ...reimaged, labels: JSON.stringify({ "": "x" }) };
    const previewFail = await step("preview with a bad label key", "preview", bad, false);
    const upFail = await step("up with a bad label key", "up", bad, false);
    for (const r of [previewFail, upFail]) {
      // Each says it once under "Diagnostics:" (the CLI also shows it on the resource's progress
      // line); the engine prints it only there, with no stack frames.
      const diagnosed = (printed: string) =>
        printed.slice(printed.indexOf("Diagnostics:")).split("label keys must not be empty").length - 1;
      expect([diagnosed(r.enginePrinted), diagnosed(r.cliPrinted)]).toEqual([1, 1]);
      expect(r.enginePrinted.split("label keys must not be empty").length - 1).toBe(1);
      expect(r.enginePrinted).not.toMatch(/^\s+at /m);
    }
    await step("destroy", "destroy", reimaged, true);
    expect(await sessionIds()).toEqual([]);
    // A create failing at the provider: each stack's context name is already taken.
    const api = directClient(agb.url, KEY);
    const taken = await Promise.all(["eng", "cli"].map((s) => api.getContext({ name: `${PROJECT}-${s}-work`, allowCreate: true })));
    const createFail = await step("up with the context name taken", "up", reimaged, false);
    expect(createFail.enginePrinted).toContain("already exists");
    await step("destroy after the failure", "destroy", reimaged, true);
    for (const c of taken) await api.deleteContext(c.id);
    expect(await sessionIds()).toEqual([]);
  } finally {
    // What the CLI printed, for the README's table of differences.
    process.stdout.write(`${seen.join("\n\n")}\n`);
    await cli.close();
    rmSync(engineDir, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
});
