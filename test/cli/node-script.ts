/** Running a Node script of a test program (an Automation API program) and reading its one JSON line. */
import { spawn } from "node:child_process";

/**
 * Runs `script` with this Node in `cwd` and `env`, killed after `timeoutMs` (default 600 s); resolves
 * with its exit code and everything it printed.
 */
export function runNodeScript(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 600_000,
): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("close", (code) => (clearTimeout(timer), resolve({ code: code ?? 1, text })));
  });
}

/** The first line of `text` that starts with `prefix`, parsed as JSON; throws with the whole text when there is none. */
export function jsonLine<T>(text: string, prefix: string): T {
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no line starting with ${prefix} in:\n${text}`);
  return JSON.parse(line) as T;
}
