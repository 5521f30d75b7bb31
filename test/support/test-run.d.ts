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
export declare function startRun(parent?: string): string;
export declare function scratchDir(prefix: string): string;
export declare function processesOf(root: string): RunProcess[];
export declare function endLeftovers(root: string, o?: EndLeftoversOptions): Promise<RunProcess[]>;
export declare function leftoverReport(root: string, left: RunProcess[]): string;
