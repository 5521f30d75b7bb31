/**
 * The CLI suite's program for the lifecycle paths: one context named by `paths:contextName` and
 * `paths:sessions` sessions syncing it (or none when `paths:sync` is false), with the resource
 * options under test (protect, retainOnDelete, ignoreChanges on labels, customTimeouts) and the
 * provider's own `timeouts` taken from stack config; `paths:adoptContext` sets the context's adoptExisting;
 * `paths:file` adds a ContextFile.
 */
import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

const config = new pulumi.Config("paths");
const count = config.getNumber("sessions") ?? 1;
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
// "id": wire the context by its resource id (known in preview); "contextId": by the output.
const wireBy = config.get("wireBy") ?? "contextId";
const options: pulumi.CustomResourceOptions = {
  protect: config.getBoolean("protect"),
  retainOnDelete: config.getBoolean("retainOnDelete"),
  ignoreChanges: config.getBoolean("ignoreLabels") ? ["labels"] : undefined,
  customTimeouts: config.get("customCreateTimeout") ? { create: config.get("customCreateTimeout") } : undefined,
};
const createTimeout = config.getNumber("createTimeout");

const work = new agb.Context("work", { name: config.get("contextName") ?? `${prefix}-work`, adoptExisting: config.getBoolean("adoptContext") });
const contextRef = wireBy === "id" ? work.id : work.contextId;

const sessions: agb.Session[] = [];
for (let i = 0; i < count; i++) {
  sessions.push(new agb.Session(`s-${i}`, {
    imageId: config.get("imageId") ?? "agb-code-space-1",
    labels: { team: config.get("team") ?? "paths", index: String(i) },
    ...(config.getBoolean("sync") === false ? {} : { contextSyncs: [{ contextId: contextRef, path: "/home/wuying/work" }] }),
    ...(createTimeout ? { timeouts: { create: createTimeout } } : {}),
    ...(config.get("adoptSessionId") && i === 0 ? { adoptSessionId: config.get("adoptSessionId") } : {}),
  }, options));
}

// `paths:file`: a ContextFile in the context, wired the same way (the README's ContextFile shape).
if (config.getBoolean("file")) new agb.ContextFile("seed", { contextId: contextRef, path: "/data/seed.txt", content: "seed" });

export const contextId = work.contextId;
export const sessionIds = sessions.map((s) => s.sessionId);
