/** agb-local as the real-CLI tests run it: quiet, on a free port, with fast timings. */
import type { AgbLocal, AgbLocalOptions } from "../../dist/local";
import { local } from "../engine/harness";
import { usePerFileLocal } from "../support/per-file-local";
import type { PerFileLocal } from "../support/per-file-local";

/** The timings a CLI test's agb-local starts with: syncs, releases and clears take 20 ms. */
export const CLI_TIMING = { createSyncMs: 20, uploadSyncMs: 20, releaseMs: 20, clearMs: 20 };

/** Starts a quiet agb-local on a free port with `timing` (default {@link CLI_TIMING}); the caller closes it. */
export function startCliAgbLocal(timing: AgbLocalOptions["timing"] = CLI_TIMING): Promise<AgbLocal> {
  return local.startAgbLocal({ port: 0, quiet: true, timing });
}

export interface CliAgbLocalOptions {
  /** The timings agb-local starts with; default {@link CLI_TIMING}. */
  timing?: AgbLocalOptions["timing"];
  /** Whether `timing` is set again after the reset before each test (tests that change timings); default false. */
  timingEachTest?: boolean;
}

/**
 * One agb-local per CLI test file: started before the first test, reset before each test (then set
 * back to `timing` with `timingEachTest`), closed after the last. Call at the top of the file.
 */
export function useCliAgbLocal(o: CliAgbLocalOptions = {}): PerFileLocal {
  const timing = o.timing ?? CLI_TIMING;
  return usePerFileLocal(
    () => startCliAgbLocal(timing),
    o.timingEachTest ? async (agb) => void (await agb.control.setTiming(timing)) : undefined,
  );
}
