/** Shared setup of the engine scenarios: one in-process agb-local and a temporary state dir per file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAgbLocal } from "../../../dist/local/index.js";
import type { AgbLocal } from "../../../dist/local/index.js";
import type { FleetRun } from "./engine";
import { newKey } from "./raw-agb";
import { resetPoint, writeSummary } from "./results";

export interface Scenario {
  local: AgbLocal;
  stateDir: string;
  apiKey: string;
  /** The run options every operation of this scenario shares. */
  base(stack: string, fleet?: FleetRun["fleet"]): Omit<FleetRun, "op">;
  close(): Promise<void>;
}

/** Fast agb-local timings: the scenarios test behaviour, not durations. */
export async function startScenario(tag: string): Promise<Scenario> {
  const local = await startAgbLocal({ port: 0, quiet: true, timing: { createSyncMs: 100, uploadSyncMs: 100, releaseMs: 50, clearMs: 50 } });
  const stateDir = mkdtempSync(join(tmpdir(), `agb-rel-${tag}-`));
  const apiKey = newKey(tag);
  return {
    local,
    stateDir,
    apiKey,
    base: (stack, fleet = {}) => ({ stack, stateDir, endpoint: local.url, apiKey, fleet: { idleTimeout: 3600, ...fleet } }),
    close: async () => {
      await local.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a beforeAll that resets the file's result `points` and starts its scenario, and an
 * afterAll that closes the scenario and writes the summary. Call at the top of the file: the file's
 * own beforeAll hooks run after this one, so they can use the scenario.
 */
export function useScenario(tag: string, ...points: string[]): Scenario {
  let sc: Scenario | undefined;
  const started = (): Scenario => {
    if (sc === undefined) throw new Error(`scenario ${tag} is not running (used outside a test or hook)`);
    return sc;
  };
  beforeAll(async () => {
    for (const point of points) resetPoint(point);
    sc = await startScenario(tag);
  });
  afterAll(async () => {
    await sc?.close();
    writeSummary();
  });
  return {
    get local() {
      return started().local;
    },
    get stateDir() {
      return started().stateDir;
    },
    get apiKey() {
      return started().apiKey;
    },
    base: (stack, fleet) => started().base(stack, fleet),
    close: () => started().close(),
  };
}
