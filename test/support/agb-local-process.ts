/**
 * Spawns the real `agb-local` CLI (dist/local/cli.js) as its own process, for the CLI and
 * persistence tests and the reliability suite: they SIGKILL it, and its work runs on another core
 * than the test's load loop.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";

const CLI = join(__dirname, "..", "..", "dist", "local", "cli.js");

export interface AgbLocalProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code, or the signal name when killed. */
  exited: Promise<number | string>;
}

/** Starts the CLI on a free loopback port; rejects when it is not listening within `deadlineMs`. */
export async function spawnAgbLocal(args: string[], deadlineMs = 20_000): Promise<AgbLocalProcess> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--host", "127.0.0.1", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`agb-local did not start within ${deadlineMs} ms: ${stderr}`));
    }, deadlineMs);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /agb-local listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`agb-local exited (${code}) before listening: ${stderr}`));
    });
  });
  return { child, url, exited };
}

/** Kills the process (SIGKILL by default) if it is still alive and waits for it to exit. */
export async function stopAgbLocal(p: AgbLocalProcess | undefined, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (!p) return;
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await p.exited;
}
