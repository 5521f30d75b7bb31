/** Spawns the real `agb-local` CLI (dist/local/cli.js) and waits for its ready line. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";

const CLI = join(__dirname, "..", "..", "dist", "local", "cli.js");

export interface CliProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

export async function spawnCli(args: string[], deadlineMs = 15_000): Promise<CliProcess> {
  const child = spawn(process.execPath, [CLI, "--port", "0", "--quiet", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`agb-local did not start within ${deadlineMs} ms: ${stderr}`)), deadlineMs);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^agb-local listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
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

/** Kills the process if still alive (cleanup in afterEach/afterAll). */
export async function stopCli(p: CliProcess | undefined, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}
