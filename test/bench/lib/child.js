"use strict";
/** Child processes of the benchmarks: every one has a deadline and is killed by its own pid. */
const { spawn } = require("node:child_process");
const { createInterface } = require("node:readline");
const { track } = require("./reaper");

/** Runs `node script ...args`, resolves with its last stdout line parsed as JSON. */
function runJsonChild(script, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] }));
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()));
      } catch (e) {
        reject(new Error(`${script} printed no JSON: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

/** Starts a server script that prints `listening on <url>`; returns { url, pid, close }. */
async function startServerChild(script, args) {
  const child = track(spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] }));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 10 s`)), 10000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}`));
    });
  });
  return {
    url,
    pid: child.pid,
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

module.exports = { runJsonChild, startServerChild };
