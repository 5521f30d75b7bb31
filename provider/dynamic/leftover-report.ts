/**
 * Program side of a report by id: a create that found objects no resource records and that it could
 * neither take back nor delete (a context or an extension file left by a create cut short) returns
 * their ids in its hidden `__agbSuspects` output. Once the engine has answered the registration (so
 * the create happened in this run: it echoes the run's id as `__agbCreatedIn`, session/claim.ts),
 * the program prints them as a warning on the resource. Outputs of earlier runs come back from state
 * with another run id, so each report is printed once, by the `up` whose create found them.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CREATED_IN_KEY, SUSPECTS_KEY } from "../resources/shared/run-keys";

/** The hidden outputs a class that reports leftovers declares (its field ties name them). */
export type LeftoverReportOutput = typeof CREATED_IN_KEY | typeof SUSPECTS_KEY;

type Promised<T> = { promise(): Promise<T> };

/** The hidden outputs the report reads. */
export interface LeftoverOutputs {
  createdIn: pulumi.Output<string | undefined>;
  suspects: pulumi.Output<string | undefined>;
  /** What the report is about (a context's name, an extension's context id). */
  subject: pulumi.Output<string | undefined>;
}

/** Under `pulumi.runtime.setMocks` (unit tests) nothing was created, so there is nothing to report. */
function isMocked(): boolean {
  return pulumi.runtime.getMonitor()?.constructor?.name === "MockMonitor";
}

/** Warns on `resource` of the ids its create of this run reported (never in a preview). */
export function warnOfLeftoversOnceRecorded(
  resource: pulumi.CustomResource,
  outputs: LeftoverOutputs,
  runId: string,
  report: (subject: string, ids: string[]) => string,
): void {
  if (pulumi.runtime.isDryRun() || isMocked()) return;
  const all = pulumi.all([outputs.createdIn, outputs.suspects, outputs.subject]) as unknown as Promised<
    [string | undefined, string | undefined, string | undefined]
  >;
  const done = pulumi.runtime.rpcKeepAlive(); // the run stays open until the warning is sent
  all
    .promise()
    .then(
      async (values) => {
        // Unknown (a resource that `--target` leaves out of this run): nothing was created.
        if (!Array.isArray(values)) return;
        const [createdIn, suspects, subject] = values;
        if (createdIn === runId && typeof suspects === "string" && suspects !== "")
          await pulumi.log.warn(report(String(subject ?? ""), suspects.split(",")), resource);
      },
      () => undefined, // the registration failed: the engine has reported that error already
    )
    .finally(done);
}
