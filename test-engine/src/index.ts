/**
 * The in-repo test engine: plays the Pulumi engine's part for Node.js programs with dynamic
 * resources, so that `npm test`, the examples and `npm run demo` run real programs (the real
 * `@pulumi/pulumi` program runtime and the real dynamic-provider host) on a machine without the
 * Pulumi CLI. It is test tooling, not part of the published package (`files` in package.json ships
 * only dist/); test/engine/ holds its own tests, test/cli/engine-matches-cli.test.ts compares it
 * with the real CLI, and docs/real-cli.md lists where the two differ. See README.md beside src/.
 */
export { runOperation } from "./run-operation";
export type { Operation, RunOptions, RunResult } from "./run-operation";
export type { Step, StepOp } from "./printer";
export { copyProject, prepareProgram } from "./program";
export type { PrepareOptions, PackageCopy } from "./program";
export { StateStore } from "./state-file";
export type { ResourceState, StackState } from "./state-file";
export { PulumiCli, pulumiOnPath } from "./pulumi-cli";
export type { PulumiCliOptions, CliRunResult } from "./pulumi-cli";
