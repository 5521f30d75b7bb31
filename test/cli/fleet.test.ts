/**
 * examples/fleet: the Automation API brings three tenant stacks of one inline program up, then
 * down, in parallel, through the real CLI against agb-local. The example runs as a user would run
 * it (its own Node process, `node index.js up alpha beta gamma`), on a copy transpiled with the
 * repository's TypeScript.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import * as ts from "typescript";
import { engine, LIVE, ROOT } from "../engine/harness";
import { scratchDir } from "../support/test-run";
import { startCliAgbLocal } from "./cli-agb-local";
import { CLI_BIN, requireBuiltCli } from "./cli-stack";

jest.setTimeout(1_200_000);

const TENANTS = ["alpha", "beta", "gamma"];

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 900_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

test("three tenant stacks up, then destroyed, in parallel through the Automation API", async () => {
  requireBuiltCli();
  const agb = await startCliAgbLocal();
  const work = scratchDir("fleet-");
  const home = mkdtempSync(join(tmpdir(), "agb-fleet-home-"));
  try {
    engine.copyProject(join(ROOT, "examples", "fleet"), work);
    engine.prepareProgram(work);
    const source = readFileSync(join(work, "index.ts"), "utf8");
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    });
    writeFileSync(join(work, "index.js"), js.outputText);
    const apiKey = "akm-cli-fleet";
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${CLI_BIN}${delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: join(home, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${join(home, "state")}`,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      AGB_API_KEY: apiKey,
      AGB_ENDPOINT: agb.url,
      FLEET_PARALLEL: "3",
    };
    const up = await runNode(join(work, "index.js"), ["up", ...TENANTS], env, work);
    expect({ code: up.code, out: up.out }).toEqual({ code: 0, out: expect.stringContaining("alpha: ok") });
    const live = (await agb.control.sessions()).filter((s) => LIVE.has(s.status));
    expect(live.map((s) => s.labels.tenant).sort()).toEqual(TENANTS);
    expect((await agb.control.contexts()).map((c) => c.name).sort()).toEqual(TENANTS.map((t) => `fleet-${t}-data`));
    expect(up.out).not.toContain(apiKey);

    const down = await runNode(join(work, "index.js"), ["destroy", ...TENANTS], env, work);
    expect({ code: down.code }).toEqual({ code: 0 });
    expect((await agb.control.sessions()).filter((s) => LIVE.has(s.status))).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await agb.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});
