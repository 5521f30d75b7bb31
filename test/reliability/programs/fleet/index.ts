/**
 * The reliability suite's program: `fleet:sessions` sessions and `fleet:contexts` contexts. Every
 * `fleet:syncEvery`-th session syncs a context (upload-enabled by default). All other knobs come from
 * stack config so one program serves every test.
 */
import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

const config = new pulumi.Config("fleet");
const sessionCount = config.getNumber("sessions") ?? 3;
const contextCount = config.getNumber("contexts") ?? 1;
const syncEvery = config.getNumber("syncEvery") ?? 0; // 0 = no syncs
const imageId = config.get("imageId") ?? "agb-code-space-1";
const labelVersion = config.get("labelVersion") ?? "1";
const syncOnDelete = config.getBoolean("syncOnDelete");
const forceDestroy = config.getBoolean("forceDestroy");
const adoptExisting = config.getBoolean("adoptContexts");
const createTimeout = config.getNumber("createTimeout");
const deleteTimeout = config.getNumber("deleteTimeout");
const idleTimeoutSeconds = config.getNumber("idleTimeout");
const unmarkedSyncs = config.getBoolean("unmarkedSyncs"); // each synced session also mounts a context with autoUpload off
const twinParents = config.getBoolean("twinParents"); // a Session named "twin" under two components of different types
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

const contexts: agb.Context[] = [];
for (let i = 0; i < contextCount; i++) {
  contexts.push(
    new agb.Context(`ctx-${i}`, {
      name: `${prefix}-ctx-${i}`,
      ...(forceDestroy === undefined ? {} : { forceDestroy }),
      ...(adoptExisting === undefined ? {} : { adoptExisting }),
    }),
  );
}

const sessions: agb.Session[] = [];
for (let i = 0; i < sessionCount; i++) {
  const synced = syncEvery > 0 && contexts.length > 0 && i % syncEvery === 0;
  sessions.push(
    new agb.Session(`s-${i}`, {
      imageId,
      labels: { fleet: prefix, index: String(i), version: labelVersion },
      ...(synced
        ? {
            contextSyncs: [
              { contextId: contexts[i % contexts.length].contextId, path: "/home/wuying/data" },
              ...(unmarkedSyncs
                ? [
                    {
                      contextId: contexts[(i + 1) % contexts.length].contextId,
                      path: "/home/wuying/cache",
                      policy: { uploadPolicy: { autoUpload: false } },
                    },
                  ]
                : []),
            ],
          }
        : {}),
      ...(syncOnDelete === undefined ? {} : { syncOnDelete }),
      ...(idleTimeoutSeconds ? { idleTimeoutSeconds } : {}),
      ...(createTimeout || deleteTimeout
        ? { timeouts: { ...(createTimeout ? { create: createTimeout } : {}), ...(deleteTimeout ? { delete: deleteTimeout } : {}) } }
        : {}),
    }),
  );
}

if (twinParents) {
  for (const type of ["fleet:parents:Alpha", "fleet:parents:Beta"]) {
    const parent = new pulumi.ComponentResource(type, "twins", {});
    sessions.push(new agb.Session("twin", { imageId, labels: { fleet: prefix, parent: type.split(":")[2] } }, { parent }));
  }
}

export const sessionIds = sessions.map((s) => s.sessionId);
export const contextIds = contexts.map((c) => c.contextId);
export const firstResourceUrl = sessions[0]?.resourceUrl;
