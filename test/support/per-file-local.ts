/** One agb-local per test file, shared by its tests: the fixture behind the test/local and resource-kind test files. */
import type { AgbLocal } from "../../dist/local/index.js";

/** What a test file sees of its agb-local (valid inside tests and hooks). */
export interface PerFileLocal {
  readonly url: string;
  readonly control: AgbLocal["control"];
}

/**
 * Starts agb-local before the file's first test, resets it before every test (so each test starts
 * from an empty service), then runs `beforeEachTest` when given, and closes it after the last. Call
 * at the top of the file; the file's own `beforeEach` hooks run after this one.
 */
export function usePerFileLocal(start: () => Promise<AgbLocal>, beforeEachTest?: (local: AgbLocal) => Promise<void>): PerFileLocal {
  let local: AgbLocal | undefined;
  const running = (): AgbLocal => {
    if (!local) throw new Error("agb-local is not running (used outside a test or hook)");
    return local;
  };
  beforeAll(async () => {
    local = await start();
  });
  afterAll(async () => {
    await local?.close();
  });
  beforeEach(async () => {
    await running().control.reset();
    if (beforeEachTest) await beforeEachTest(running());
  });
  return {
    get url() {
      return running().url;
    },
    get control() {
      return running().control;
    },
  };
}
