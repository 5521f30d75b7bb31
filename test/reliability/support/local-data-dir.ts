/**
 * One agb-local data folder per file, for the points that run the agb-local CLI as a process on it
 * (they SIGKILL it and start it again on the same folder).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnAgbLocal, stopAgbLocal } from "../../support/agb-local-process";
import type { AgbLocalProcess } from "../../support/agb-local-process";
import { resetPoint, writeSummary } from "./results";

export interface LocalDataDir {
  /** The folder given to agb-local as `--data`. */
  readonly dir: string;
  /** Starts agb-local on the folder, after killing (SIGKILL) the one started before if it still runs. */
  start(): Promise<AgbLocalProcess>;
  /** Kills (SIGKILL) the agb-local last started, if it still runs, and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Registers a beforeAll that resets the file's result `point` and makes the folder, and an afterAll
 * that kills the agb-local last started, removes the folder and writes the summary.
 */
export function useLocalDataDir(point: string, tag: string): LocalDataDir {
  let dir: string | undefined;
  let proc: AgbLocalProcess | undefined;
  const made = (): string => {
    if (dir === undefined) throw new Error(`the data folder of ${point} is not made yet (used outside a test or hook)`);
    return dir;
  };
  const stop = async (): Promise<void> => {
    await stopAgbLocal(proc);
    proc = undefined;
  };
  beforeAll(() => {
    resetPoint(point);
    dir = mkdtempSync(join(tmpdir(), `agb-rel-${tag}-`));
  });
  afterAll(async () => {
    await stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    writeSummary();
  });
  return {
    get dir() {
      return made();
    },
    async start() {
      await stop();
      proc = await spawnAgbLocal(["--data", made()]);
      return proc;
    },
    stop,
  };
}
