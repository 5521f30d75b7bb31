/**
 * Ownership, program side. A session is claimed (`pulumi-agb-claim: claimed`) once the engine has
 * recorded it in the stack's state, and only the program can tell when that is: the engine
 * answers a resource registration after the step's result is saved in the snapshot (pulumi/pulumi
 * pkg/resource/deploy/step_executor.go: "OnResourceStepPost saved the results of the step in the
 * snapshot, so we are ready to go", then stepComplete, which answers the program).
 *
 * The claim no longer protects anything from being taken: create never takes a session it handed
 * over (create.ts). It tells a later create that finds the session under its token that a resource
 * holds it, so that create does not report it as a possible orphan (token-search.ts). A claim that
 * does not land (the program killed, the registration left unanswered because a sibling failed,
 * SetLabel failing) therefore costs at most a warning in a later create, never a session.
 *
 * Only the run that created the session claims it: the Session class sends this run's id as a hidden
 * input, create echoes it as `__agbCreatedIn` (read and update keep it), and a later run sees
 * another id and makes no request. A run is one program execution: under the Automation API one
 * process runs the program once per `up`, each with a fresh runtime store and monitor
 * (@pulumi/pulumi automation/server.js `run`: `withLocalStorage`, `resetOptions`), so the id is
 * kept per monitor, not per process.
 */
import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { AgbApi } from "../client/types";
import { describe } from "../resources/shared/errors";
import { managedLabels, userLabels } from "../resources/session/labels";
import type { ResourceIdentity } from "../resources/session/labels";

const runIds = new WeakMap<object, string>();
/** Used when no monitor exists (outside a Pulumi run): one id for the process. */
const processRunId = randomUUID();

/**
 * The id of this program run, sent as a hidden input so that create echoes it (state.ts RUN_KEY).
 * One per monitor connection, so two `up`s in one Automation API process get two ids.
 */
export function currentRunId(): string {
  let monitor: object | undefined;
  try {
    monitor = pulumi.runtime.getMonitor() as object | undefined;
  } catch {
    monitor = undefined;
  }
  if (!monitor) return processRunId;
  let id = runIds.get(monitor);
  if (!id) {
    id = randomUUID();
    runIds.set(monitor, id);
  }
  return id;
}

/** What the program knows of a session its own run created: its outputs as the engine answered them. */
export interface CreatedSession {
  sessionId: string;
  /** The canonical user labels (the `labels` output). */
  labels: Record<string, string>;
  /** The `creationToken` output. */
  creationToken: string;
}

/**
 * Sets the claim on a session this run created (one SetLabel, with the labels create set: nothing
 * else has written them since). Sessions from earlier runs are never written, so an `up` that
 * creates nothing makes no request, and out-of-band label changes stay for refresh to show.
 */
export async function claimCreatedSession(api: AgbApi, identity: ResourceIdentity, session: CreatedSession): Promise<void> {
  // The program's client takes its share of the request budget (program-client.ts programApi).
  await api.setLabels(session.sessionId, { ...userLabels(session.labels ?? {}), ...managedLabels(identity, session.creationToken) });
}

type Promised<T> = { promise(): Promise<T> };

/** Under `pulumi.runtime.setMocks` (unit tests) nothing was created, so there is nothing to claim. */
function isMocked(): boolean {
  return pulumi.runtime.getMonitor()?.constructor?.name === "MockMonitor";
}

/** The outputs the claim and the report read. */
export interface ClaimOutputs {
  labels: pulumi.Output<Record<string, string>>;
  creationToken: pulumi.Output<string>;
  endpoint: pulumi.Output<string>;
  createdIn: pulumi.Output<string | undefined>;
  suspects: pulumi.Output<string | undefined>;
}

/**
 * Once the engine answers the registration of a session this run created (never in a preview):
 * warns of the handed-over sessions its create left alone (token-search.ts), then claims it. The
 * program's run is kept open until the claim has landed or failed; a failure is a warning, not an
 * error: the session is recorded either way.
 */
export function claimOnceRecorded(
  resource: pulumi.CustomResource,
  outputs: ClaimOutputs,
  identity: ResourceIdentity,
  runId: string,
  apiFor: (endpoint: string) => AgbApi,
  report: (suspects: string) => string,
): void {
  if (pulumi.runtime.isDryRun() || isMocked()) return;
  const done = pulumi.runtime.rpcKeepAlive();
  const all = pulumi.all([
    resource.id,
    outputs.labels,
    outputs.creationToken,
    outputs.endpoint,
    outputs.createdIn,
    outputs.suspects,
  ]) as unknown as Promised<[string, Record<string, string>, string, string, string | undefined, string | undefined]>;
  all
    .promise()
    .then(
      async (values) => {
        // Unknown (a Session that `--target` leaves out of this run): nothing was created.
        if (!Array.isArray(values)) return;
        const [sessionId, labels, creationToken, endpoint, createdIn, suspects] = values;
        // Only a session this run's create made (or took back); mocks answer no such output.
        if (createdIn !== runId || typeof endpoint !== "string" || typeof creationToken !== "string") return;
        if (typeof suspects === "string" && suspects !== "") void pulumi.log.warn(report(suspects), resource);
        try {
          await claimCreatedSession(apiFor(endpoint), identity, { sessionId, labels, creationToken });
        } catch (err) {
          void pulumi.log.warn(
            `could not mark session ${sessionId} as owned (${describe(err)}); it is recorded in the stack and nothing else ` +
              "takes it, but a later create with the same name and inputs may name it as a possible orphan until a label update marks it",
            resource,
          );
        }
      },
      () => undefined, // the registration failed: the engine has reported that error already
    )
    .finally(done);
}
