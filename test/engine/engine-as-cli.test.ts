/**
 * The in-repo engine where it claims to behave as the real CLI (issue 10 item 7), as a new user
 * meets it: a failure printed once without stack frames, Pulumi.yaml `main` naming a file, and a
 * run whose output pipe closes early. The toy provider's "cloud" is a JSON file.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { scratchDir } from "../support/test-run";

const ROOT = resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require(join(ROOT, "dist-engine")) as typeof import("../../dist-engine");
const FIXTURES = join(__dirname, "fixtures");
const KEY = { "toy:apiKey": "toy-key" };
const TOY = { "toy-provider": { from: join(FIXTURES, "toy-provider") } };

jest.setTimeout(180_000);

/** A copy of the toy program in its own folder inside the repository (module resolution needs it there). */
function toyCopy(): { dir: string; state: string; db: string; done: () => void } {
  const dir = scratchDir("engine-as-cli-");
  engine.copyProject(join(FIXTURES, "toy-program"), dir);
  const tmp = mkdtempSync(join(tmpdir(), "engine-as-cli-"));
  return {
    dir,
    state: join(tmp, "state"),
    db: join(tmp, "db.json"),
    done: () => [dir, tmp].forEach((d) => rmSync(d, { recursive: true, force: true })),
  };
}

test("a check failure is printed once, under its resource, without stack frames, and counted as errored", async () => {
  const t = toyCopy();
  try {
    const r = await engine.runOperation({
      op: "up",
      programDir: t.dir,
      stack: "t",
      stateDir: t.state,
      config: { "toy:dbPath": t.db, "toy:size": "bad", "toy:withParent": "false", "toy:count": "1" },
      secretConfig: KEY,
      prepareWith: { packages: TOY },
      env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
    expect(r.ok).toBe(false);
    expect(r.error).toContain("size: must not be bad");
    expect(r.printed.split("must not be bad").length - 1).toBe(1);
    expect(r.printed).not.toMatch(/^\s+at /m);
    expect(r.printed).not.toContain("failed to register new resource");
    expect(r.printed).toContain(
      "Diagnostics:\n  pulumi-nodejs:dynamic/toy:Thing (thing-0):\n    error: check failed: size: must not be bad",
    );
    // The stack was created; the thing failed its check (the stack is not marked: test/cli/engine-matches-cli.test.ts).
    expect(r.summary).toBe("Resources:\n    + 1 created\n    1 errored");
  } finally {
    t.done();
  }
});

test("Pulumi.yaml `main` naming a file runs that file from its folder, as the CLI does", async () => {
  const t = toyCopy();
  try {
    const yaml = readFileSync(join(t.dir, "Pulumi.yaml"), "utf8");
    writeFileSync(join(t.dir, "Pulumi.yaml"), `${yaml}main: program.ts\n`);
    // index.ts would fail: only the file `main` names may run.
    writeFileSync(join(t.dir, "program.ts"), readFileSync(join(t.dir, "index.ts")));
    writeFileSync(join(t.dir, "index.ts"), 'throw new Error("index.ts ran instead of main");\n');
    const base = {
      programDir: t.dir,
      stack: "t",
      stateDir: t.state,
      config: { "toy:dbPath": t.db, "toy:count": "1" },
      secretConfig: KEY,
      prepareWith: { packages: TOY },
    };
    const r = await engine.runOperation({ ...base, op: "up", env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" } });
    expect(r.error).toBeUndefined();
    expect(Object.keys(JSON.parse(readFileSync(t.db, "utf8")).things)).toHaveLength(2);
    writeFileSync(join(t.dir, "Pulumi.yaml"), `${yaml}main: missing.ts\n`);
    const missing = await engine.runOperation({ ...base, op: "preview" }).catch((e: Error) => e);
    expect(String(missing)).toContain("project 'main' could not be read");
  } finally {
    t.done();
  }
});

/** Processes whose working directory is `dir` (the program and the provider host run there). */
function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

test("a run whose stdout reader goes away finishes its operation and leaves no process behind", async () => {
  const t = toyCopy();
  try {
    // The engine's command line prepares node_modules with pulumi-agb; the toy provider goes in first.
    engine.prepareProgram(t.dir, { packages: TOY });
    const child = spawn(
      process.execPath,
      [
        join(ROOT, "dist-engine", "cli.js"),
        "up",
        "--cwd",
        t.dir,
        "--stack",
        "t",
        "--state-dir",
        t.state,
        "--config",
        `toy:dbPath=${t.db}`,
        "--config",
        "toy:count=3",
        "--secret",
        "toy:apiKey=toy-key",
        "--config",
        `toy:extra=${JSON.stringify({ delayMs: 300 })}`,
      ],
      { env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    // As `... | head -1`: read the first line, then close the pipe.
    await new Promise<void>((res) => child.stdout.once("data", () => res()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((res) => child.once("exit", (c) => res(c)));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
    const state = JSON.parse(readFileSync(join(t.state, "t.json"), "utf8")) as { resources: unknown[] };
    expect(state.resources).toHaveLength(5); // stack, parent, 3 things
    // Give a stray process a moment to show (it would keep serving, reparented to init).
    await new Promise((res) => setTimeout(res, 1000));
    expect(processesIn(t.dir)).toEqual([]);
  } finally {
    t.done();
  }
});
