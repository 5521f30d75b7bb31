import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

// Stack config (all optional): imageId, labels (a JSON map), idleTimeoutSeconds, lifecycle.
const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

const scratch = new agb.Context("scratch", { name: `${prefix}-scratch`, forceDestroy: true });

// Files under cache/ and tmp/ are recycled after a day; everything else in the context persists.
const worker = new agb.Session("worker", {
  imageId: config.get("imageId") ?? "agb-code-space-1",
  labels: config.getObject<Record<string, string>>("labels") ?? { role: "worker" },
  idleTimeoutSeconds: config.getNumber("idleTimeoutSeconds"),
  contextSyncs: [
    {
      contextId: scratch.contextId,
      path: "/home/wuying/scratch",
      policy: {
        recyclePolicy: {
          lifecycle: (config.get("lifecycle") as agb.Lifecycle | undefined) ?? agb.Lifecycle.LIFECYCLE_1DAY,
          paths: ["cache", "tmp"],
        },
      },
    },
  ],
});

export const contextId = scratch.contextId;
export const sessionId = worker.sessionId;
