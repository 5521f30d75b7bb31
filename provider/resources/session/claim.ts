/**
 * Ownership, program side. A session is claimed (`pulumi-agb-claim: claimed`) only once the engine
 * has recorded it in the stack's state, and only the program can tell when that is: the engine
 * answers a resource registration after the step's result is saved in the snapshot (pulumi/pulumi
 * pkg/resource/deploy/step_executor.go: "OnResourceStepPost saved the results of the step in the
 * snapshot, so we are ready to go", then stepComplete, which answers the program).
 *
 * Until then the session stays unclaimed, so a later create with the same token adopts it: the case
 * of a lost createSession answer, and of a provider host, engine or program that died before the
 * state held the id. Once claimed, no create adopts it: `pulumi up --replace`, and a second resource
 * with the same name under another parent, get sessions of their own (create.ts).
 *
 * Only the run that created the session claims it: the Session class sends {@link RUN_ID} as a
 * hidden input, create echoes it as `__agbCreatedIn` (read and update keep it), and a later run sees
 * another id and makes no request.
 *
 * Window left: a program that dies after the engine recorded the session but before this claim
 * lands leaves it unclaimed; until the next `up` claims it (update sets the managed labels), a
 * targeted replace of that resource could adopt it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgbApi } from "../../client/types";
import { describe } from "../errors";
import { randomUUID } from "node:crypto";
import { managedLabels, userLabels } from "./labels";
import type { ResourceIdentity } from "./labels";

/** The id of this program run, sent as a hidden input so that create echoes it (state.ts RUN_KEY). */
export const RUN_ID = randomUUID();

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
  await api.setLabels(session.sessionId, { ...userLabels(session.labels ?? {}), ...managedLabels(identity, session.creationToken) });
}

type Promised<T> = { promise(): Promise<T> };

/** Under `pulumi.runtime.setMocks` (unit tests) nothing was created, so there is nothing to claim. */
function isMocked(): boolean {
  return pulumi.runtime.getMonitor()?.constructor?.name === "MockMonitor";
}

/**
 * Claims the session once the engine answers its registration, when this run created it (never in
 * a preview). The program's
 * run is kept open until the claim has landed or failed; a failure is a warning, not an error: the
 * session is recorded either way, and the next `up` claims it.
 */
export function claimOnceRecorded(
  resource: pulumi.CustomResource,
  outputs: { labels: pulumi.Output<Record<string, string>>; creationToken: pulumi.Output<string>; endpoint: pulumi.Output<string>; createdIn: pulumi.Output<string | undefined> },
  identity: ResourceIdentity,
  apiFor: (endpoint: string) => AgbApi,
): void {
  if (pulumi.runtime.isDryRun() || isMocked()) return;
  const done = pulumi.runtime.rpcKeepAlive();
  const all = pulumi.all([resource.id, outputs.labels, outputs.creationToken, outputs.endpoint, outputs.createdIn]) as unknown as Promised<
    [string, Record<string, string>, string, string, string | undefined]
  >;
  all
    .promise()
    .then(
      async ([sessionId, labels, creationToken, endpoint, createdIn]) => {
        // Only a session this run's create made (or adopted by its token); mocks answer no such output.
        if (createdIn !== RUN_ID || typeof endpoint !== "string" || typeof creationToken !== "string") return;
        try {
          await claimCreatedSession(apiFor(endpoint), identity, { sessionId, labels, creationToken });
        } catch (err) {
          void pulumi.log.warn(`could not mark session ${sessionId} as owned (the next \`pulumi up\` does): ${describe(err)}`, resource);
        }
      },
      () => undefined, // the registration failed: the engine has reported that error already
    )
    .finally(done);
}
