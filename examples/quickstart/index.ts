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
  // By the resource id (known during a preview), so renaming the context never shows a false
  // replace of the session in `pulumi preview` (contextId is unknown while the context updates).
  contextSyncs: [{ contextId: work.id, path: "/home/wuying/work" }],
});

export const contextId = work.contextId;
export const contextName = work.name;
export const sessionId = sandbox.sessionId;
export const sessionStatus = sandbox.status;
