import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

// Stack config (all optional): imageId, labels (a JSON map), idleTimeoutSeconds.
const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

// Persistent storage that outlives any one sandbox.
const work = new agb.Context("work", { name: `${prefix}-work` });

// A sandbox for an agent, with the context synced at /home/wuying/work.
const sandbox = new agb.Session("sandbox", {
  imageId: config.get("imageId") ?? "agb-code-space-1",
  labels: config.getObject<Record<string, string>>("labels") ?? { team: "quickstart" },
  idleTimeoutSeconds: config.getNumber("idleTimeoutSeconds"),
  // `work.id` and `work.contextId` are the same value; either keeps a rename of the context from
  // planning a replacement of the session.
  contextSyncs: [{ contextId: work.id, path: "/home/wuying/work" }],
});

export const contextId = work.contextId;
export const contextName = work.name;
export const sessionId = sandbox.sessionId;
export const sessionStatus = sandbox.status;
