/**
 * A test run's root folder, and the processes the run started, found by that folder. Each suite
 * run (each Jest run, and scripts/parity/run.js) works under its own root,
 * `<repo>/.e2e-cli/run-XXXXXX`, and points TMPDIR at `<root>/tmp`: whatever the run starts then
 * names the root on its command line (program copies, state folders) or inherits it in its
 * environment (TMPDIR, PULUMI_HOME), however deep in the process tree, and also after its parent
 * was killed and it was handed to init. Another run on
 * the same machine has another root, so one run never counts (or kills) another's processes.
 * Plain CommonJS (with test-run.d.ts) so that Jest's global hooks and run.js load it unbuilt.
 * Linux only: it reads /proc.
 */
"use strict";
const { mkdirSync, mkdtempSync, readdirSync, readFileSync } = require("node:fs");
const { join, resolve } = require("node:path");

const REPO = resolve(__dirname, "..", "..");
/** The environment variable naming the current run's root (set by {@link startRun}). */
const RUN_ROOT_ENV = "TEST_RUN_ROOT";

/**
 * Creates a run root under `<repo>/.e2e-cli` (inside the repository: program copies made there
 * resolve their dependencies upwards) and points this process's TMPDIR (os.tmpdir(), read on every
 * call) and TEST_RUN_ROOT at it, so children started from now on inherit both.
 */
function startRun(parent = join(REPO, ".e2e-cli")) {
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, "run-"));
  mkdirSync(join(root, "tmp"));
  process.env[RUN_ROOT_ENV] = root;
  process.env.TMPDIR = join(root, "tmp");
  return root;
}

/**
 * A new folder `<run root>/<prefix>XXXXXX` for a test's program copy or state; outside a run (a
 * script importing the test helpers) under `<repo>/.e2e-cli`.
 */
function scratchDir(prefix) {
  const parent = process.env[RUN_ROOT_ENV] ?? join(REPO, ".e2e-cli");
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, prefix));
}

/** True when `text` holds `root` as a whole path or a path prefix (not `/x/run-1` inside `/x/run-12`). */
function names(text, root) {
  for (let at = text.indexOf(root); at !== -1; at = text.indexOf(root, at + 1)) {
    const next = text[at + root.length];
    if (next === undefined || "/:\0".includes(next)) return true;
  }
  return false;
}

function readProc(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return ""; // ended meanwhile, or another user's environment
  }
}

/** State letter and parent pid from /proc/<pid>/stat (the command name may hold spaces and parentheses). */
function stat(pid) {
  const text = readProc(pid, "stat");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", ppid: Number(fields[1] ?? 0) };
}

/** This process and its ancestors: the runner itself is never one of its run's leftovers. */
function selfAndAncestors() {
  const out = new Set();
  for (let pid = process.pid; pid > 1 && !out.has(pid); pid = stat(pid).ppid) out.add(pid);
  return out;
}

/**
 * The live processes whose command line or environment names `root` (or one of several roots),
 * except this process and its ancestors. Zombies (ended, waiting for their parent to collect the
 * exit status) are not counted.
 */
function processesOf(root) {
  const roots = [root].flat();
  const skip = selfAndAncestors();
  const out = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (skip.has(pid)) continue;
    const cmdline = readProc(pid, "cmdline");
    if (!cmdline) continue; // kernel thread, zombie, or gone
    if (!roots.some((r) => names(cmdline, r) || names(readProc(pid, "environ"), r))) continue;
    if (stat(pid).state === "Z") continue;
    out.push({ pid, args: cmdline.replace(/\0+$/, "").replace(/\0/g, " ") });
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits up to `graceMs` (default 10000 ms: processes that were told to stop may still be exiting on
 * a busy machine) for the processes of `root` (or several roots) to end; SIGKILLs those still
 * running then, waits for them to go (up to 10 s) and returns them as they were found. An empty
 * result: nothing was left.
 */
async function endLeftovers(root, o = {}) {
  const graceMs = o.graceMs ?? 10_000;
  const stopAt = Date.now() + graceMs;
  let left = processesOf(root);
  while (left.length && Date.now() < stopAt) {
    await sleep(200);
    left = processesOf(root);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      /* ended just now */
    }
  }
  const killed = new Set(left.map((p) => p.pid));
  const goneBy = Date.now() + 10_000;
  while (processesOf(root).some((p) => killed.has(p.pid)) && Date.now() < goneBy) await sleep(100);
  return left;
}

/** The failure message naming the processes a run left running. */
function leftoverReport(root, left) {
  const lines = left.map((p) => `  pid ${p.pid}: ${p.args}`);
  return `${left.length} process(es) started by this test run (root ${root}) were still running after it ended; killed now:\n${lines.join("\n")}`;
}

module.exports = { RUN_ROOT_ENV, startRun, scratchDir, processesOf, endLeftovers, leftoverReport };
