/** The test engine: plays the Pulumi engine's part for Node.js programs with dynamic resources. */
export { runOperation } from "./run-operation";
export type { Operation, RunOptions, RunResult } from "./run-operation";
export type { Step, StepOp } from "./printer";
export { copyProject, prepareProgram } from "./program";
export type { PrepareOptions, PackageCopy } from "./program";
export { StateStore } from "./state-file";
export type { ResourceState, StackState } from "./state-file";
export { PulumiCli, pulumiOnPath } from "./pulumi-cli";
export type { PulumiCliOptions, CliRunResult } from "./pulumi-cli";
