#!/usr/bin/env node
/**
 * `npm run time:examples`: wall time of `up` and `destroy` of every example against agb-local (on
 * loopback), through the in-repo test engine and through the real CLI built by `npm run
 * setup:pulumi` (skipped with a note when it is not built). Prints one markdown table row per
 * example; run `npm run build` first.
 */
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, ".tools", "pulumi", "bin");
const EXAMPLES = [
  ["quickstart", "dev"],
  ["archive-sync", "dev"],
  ["recycle-policy", "dev"],
  ["browser-extensions", "dev"],
  ["environments", "dev"],
];
const engine = require(path.join(ROOT, "dist-engine"));
const { startAgbLocal } = require(path.join(ROOT, "dist", "local"));

async function timed(fn) {
  const t = Date.now();
  const r = await fn();
  if (!r.ok) throw new Error(r.error ?? "failed");
  return ((Date.now() - t) / 1000).toFixed(1);
}

async function viaEngine(dir, stack, url) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "agb-time-engine-"));
  const base = {
    programDir: path.join(ROOT, "examples", dir),
    stack,
    stateDir,
    config: { "agb:endpoint": url },
    secretConfig: { "agb:apiKey": "akm-time" },
    parallel: 4,
  };
  try {
    return [
      await timed(() => engine.runOperation({ ...base, op: "up" })),
      await timed(() => engine.runOperation({ ...base, op: "destroy" })),
    ];
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function viaCli(dir, stack, url) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "agb-time-cli-"));
  fs.mkdirSync(path.join(ROOT, ".e2e-cli"), { recursive: true });
  const work = fs.mkdtempSync(path.join(ROOT, ".e2e-cli", `time-${dir}-`));
  engine.copyProject(path.join(ROOT, "examples", dir), work);
  engine.prepareProgram(work);
  const env = {
    ...process.env,
    PATH: `${BIN}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(home, "home"),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const cli = new engine.PulumiCli({
    cwd: work,
    stack,
    backendDir: path.join(home, "state"),
    command: path.join(BIN, "pulumi"),
    env,
    parallel: 4,
  });
  try {
    await cli.setConfig({ "agb:endpoint": url }, { "agb:apiKey": "akm-time" });
    return [await timed(() => cli.run("up")), await timed(() => cli.run("destroy"))];
  } finally {
    cli.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function main() {
  const haveCli = fs.existsSync(path.join(BIN, "pulumi"));
  console.log(`Node ${process.version}; real CLI: ${haveCli ? "built" : "not built (npm run setup:pulumi)"}`);
  console.log("| example | engine up (s) | engine destroy (s) | CLI up (s) | CLI destroy (s) |\n|---|---|---|---|---|");
  for (const [dir, stack] of EXAMPLES) {
    const agb = await startAgbLocal({ port: 0, quiet: true });
    try {
      const [eu, ed] = await viaEngine(dir, stack, agb.url);
      const [cu, cd] = haveCli ? await viaCli(dir, stack, agb.url) : ["-", "-"];
      console.log(`| ${dir} | ${eu} | ${ed} | ${cu} | ${cd} |`);
    } finally {
      await agb.close();
    }
  }
}

main().catch((e) => {
  process.stderr.write(`time-examples: ${e.message}\n`);
  process.exit(1);
});
