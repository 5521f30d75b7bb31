/** Types of test-run.js (plain CommonJS so that Jest's global hooks and scripts load it unbuilt). */
export declare const RUN_ROOT_ENV: "TEST_RUN_ROOT";
export interface RunProcess {
  pid: number;
  /** The command line, arguments joined by spaces. */
  args: string;
}
export interface EndLeftoversOptions {
  /** How long processes still exiting get before they are killed and reported; default 10000 ms. */
  graceMs?: number;
}
/** Creates the run's root and points TMPDIR and TEST_RUN_ROOT at it; `parent` defaults to <repo>/.e2e-cli. */
export declare function startRun(parent?: string): string;
/** A new folder `<run root>/<prefix>XXXXXX` (outside a run: under <repo>/.e2e-cli). */
export declare function scratchDir(prefix: string): string;
/** Processes naming `root` (or any of several roots) on their command line or in their environment. */
export declare function processesOf(root: string | string[]): RunProcess[];
/** Waits for the processes of `root` to end, kills those left after the grace, and returns them. */
export declare function endLeftovers(root: string | string[], o?: EndLeftoversOptions): Promise<RunProcess[]>;
/** The failure message naming the processes left running. */
export declare function leftoverReport(root: string, left: RunProcess[]): string;
