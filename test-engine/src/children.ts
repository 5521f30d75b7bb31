/**
 * The engine's child processes (the program and the provider host) end with the engine, however it
 * ends: a run cut short (a crash, Ctrl-C, a closed pipe) must not leave a provider host serving in
 * the background. Node runs 'exit' listeners on process.exit and after an uncaught exception; a
 * SIGKILL of the engine cannot be handled, and the crash tests clean up after it themselves.
 */
import type { ChildProcess } from "node:child_process";

const running = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const c of running) c.kill("SIGKILL");
  running.clear();
}

/** Kills `child` when this process exits, unless it exited first. */
export function endWithEngine(child: ChildProcess): void {
  if (!hooked) {
    hooked = true;
    process.once("exit", killAll);
  }
  running.add(child);
  child.once("exit", () => running.delete(child));
}
