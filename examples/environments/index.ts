import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

// Per-stack settings come from Pulumi.<stack>.yaml: imageId, sessionCount, labels (a map).
const config = new pulumi.Config();
const stack = pulumi.getStack();
const prefix = `${pulumi.getProject()}-${stack}`;
const sessionCount = config.getNumber("sessionCount") ?? 1;
const labels = config.getObject<Record<string, string>>("labels") ?? { env: stack };

// One shared context per environment, one session per worker slot.
const shared = new agb.Context("shared", { name: `${prefix}-shared` });
const workers = Array.from(
  { length: sessionCount },
  (_, i) =>
    new agb.Session(`worker-${i}`, {
      imageId: config.require("imageId"),
      labels: { ...labels, slot: String(i) },
      idleTimeoutSeconds: config.getNumber("idleTimeoutSeconds"),
      contextSyncs: [{ contextId: shared.contextId, path: "/home/wuying/shared" }],
    }),
);

export const contextId = shared.contextId;
export const sessionIds = workers.map((w) => w.sessionId);
