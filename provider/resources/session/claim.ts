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
 * Window left: a program that dies after the engine recorded the session but before this claim
 * lands leaves it unclaimed; until the next `up` claims it (update sets the managed labels), a
 * targeted replace of that resource could adopt it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgbApi } from "../../client/types";
import { describe } from "../errors";
import { CLAIM_LABEL, CLAIMED } from "./labels";

/**
 * Sets the claim unless the session already carries it: a read first, so an `up` that creates
 * nothing writes nothing, and the labels found are kept as they are (an out-of-band change stays
 * visible to refresh, and `ignoreChanges: ["labels"]` keeps its meaning).
 */
export async function claimRecordedSession(api: AgbApi, session: { sessionId: string }): Promise<void> {
  const current = await api.getLabels(session.sessionId);
  if (current[CLAIM_LABEL] === CLAIMED) return;
  await api.setLabels(session.sessionId, { ...current, [CLAIM_LABEL]: CLAIMED });
}

type Promised<T> = { promise(): Promise<T> };

/** Under `pulumi.runtime.setMocks` (unit tests) nothing was created, so there is nothing to claim. */
function isMocked(): boolean {
  return pulumi.runtime.getMonitor()?.constructor?.name === "MockMonitor";
}

/**
 * Claims the session once the engine answers its registration (never in a preview). The program's
 * run is kept open until the claim has landed or failed; a failure is a warning, not an error: the
 * session is recorded either way, and the next `up` claims it.
 */
export function claimOnceRecorded(
  resource: pulumi.CustomResource,
  outputs: { creationToken: pulumi.Output<string>; endpoint: pulumi.Output<string> },
  apiFor: (endpoint: string) => AgbApi,
): void {
  if (pulumi.runtime.isDryRun() || isMocked()) return;
  const done = pulumi.runtime.rpcKeepAlive();
  const all = pulumi.all([resource.id, outputs.creationToken, outputs.endpoint]) as unknown as Promised<[string, string, string]>;
  all
    .promise()
    .then(
      async ([sessionId, creationToken, endpoint]) => {
        // A real create always answers both; their absence means mocks (unit tests) or no create.
        if (typeof endpoint !== "string" || typeof creationToken !== "string") return;
        try {
          await claimRecordedSession(apiFor(endpoint), { sessionId });
        } catch (err) {
          void pulumi.log.warn(`could not mark session ${sessionId} as owned (the next \`pulumi up\` does): ${describe(err)}`, resource);
        }
      },
      () => undefined, // the registration failed: the engine has reported that error already
    )
    .finally(done);
}
