"use strict";
/**
 * agb-local in its own process (the `agb-local` CLI), so the server's CPU never competes with the
 * code under measurement inside the benchmark process's event loop.
 */
const { spawn } = require("node:child_process");
const path = require("node:path");
const { createInterface } = require("node:readline");
const { LocalControl } = require("../../../dist/local");
const { track } = require("./reaper");

const CLI = path.resolve(__dirname, "../../../dist/local/cli.js");

/** Starts agb-local on 127.0.0.1 with a free port; `timing` is applied (and re-applied after reset). */
async function startLocalProcess(timing = {}) {
  const child = track(spawn(process.execPath, [CLI, "--port", "0", "--host", "127.0.0.1", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] }));
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d.toString()).length > 10000 && (stderr = stderr.slice(-5000)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agb-local did not start within 15 s: ${stderr}`)), 15000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`agb-local exited with ${code}: ${stderr}`));
    });
  });
  const control = new LocalControl(url);
  if (Object.keys(timing).length) await control.setTiming(timing);
  return {
    url,
    pid: child.pid,
    control,
    /** Clears every account and counter, then restores `timing` (reset restores the start values). */
    async reset(extra = {}) {
      await control.reset();
      const t = { ...timing, ...extra };
      if (Object.keys(t).length) await control.setTiming(t);
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

module.exports = { startLocalProcess };
