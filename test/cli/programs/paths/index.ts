/**
 * The CLI suite's program for the lifecycle paths: one context named by `paths:contextName` and
 * `paths:sessions` sessions syncing it (or none when `paths:sync` is false), with the resource
 * options under test (protect, retainOnDelete, ignoreChanges on labels, customTimeouts) and the
 * provider's own `timeouts` taken from stack config; `paths:adoptContext` sets the context's adoptExisting.
 * Ownership switches: `paths:twinContext` ("sibling" or "parent") adds a second Context with the same
 * name (a sibling, or one named "work" too under a component); `paths:file` adds a ContextFile; `paths:files` ContextFiles all at
 * /data/seed.txt of the context (`paths:adoptFiles` sets their adoptExisting); `paths:extensions` BrowserExtensions all from one zip;
 * `paths:renamed` gives the context, the files and the extensions new resource names, with aliases.
 */
import { writeFileSync } from "node:fs";
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

const workName = config.get("contextName") ?? `${prefix}-work`;
const renamed = config.getBoolean("renamed") ?? false;
/** The resource name, and the alias to the old one when `paths:renamed` is set. */
const named = (name: string): [string, pulumi.CustomResourceOptions] =>
  renamed ? [`${name}-renamed`, { aliases: [{ name }] }] : [name, {}];
const [workResource, workOptions] = named("work");
const work = new agb.Context(workResource, { name: workName, adoptExisting: config.getBoolean("adoptContext") }, workOptions);
const twin = config.get("twinContext");
if (twin) {
  const parent = twin === "parent" ? new pulumi.ComponentResource("paths:index:Group", "group") : undefined;
  new agb.Context(parent ? "work" : "work-twin", { name: workName }, { parent });
}
for (let i = 0; i < (config.getNumber("files") ?? 0); i++) {
  const [resource, opts] = named(i === 0 ? "seed" : `seed-${i}`);
  new agb.ContextFile(
    resource,
    { contextId: work.contextId, path: "/data/seed.txt", content: `seed ${i}`, adoptExisting: config.getBoolean("adoptFiles") },
    opts,
  );
}
const extensionCount = config.getNumber("extensions") ?? 0;
if (extensionCount > 0) writeFileSync("ext.zip", "PK\u0003\u0004 an extension zip, the same bytes every run");
export const extensionIds = Array.from({ length: extensionCount }, (_, i) => {
  const [resource, opts] = named(`ext-${i}`);
  return new agb.BrowserExtension(resource, { contextId: work.contextId, source: "ext.zip" }, opts).extensionId;
});
const contextRef = wireBy === "id" ? work.id : work.contextId;

const sessions: agb.Session[] = [];
for (let i = 0; i < count; i++) {
  sessions.push(
    new agb.Session(
      `s-${i}`,
      {
        imageId: config.get("imageId") ?? "agb-code-space-1",
        labels: { team: config.get("team") ?? "paths", index: String(i) },
        ...(config.getBoolean("sync") === false ? {} : { contextSyncs: [{ contextId: contextRef, path: "/home/wuying/work" }] }),
        ...(createTimeout ? { timeouts: { create: createTimeout } } : {}),
        ...(config.get("adoptSessionId") && i === 0 ? { adoptSessionId: config.get("adoptSessionId") } : {}),
      },
      options,
    ),
  );
}

// `paths:file`: a ContextFile in the context, wired the same way (the README's ContextFile shape).
if (config.getBoolean("file")) new agb.ContextFile("seed", { contextId: contextRef, path: "/data/seed.txt", content: "seed" });

export const contextId = work.contextId;
export const sessionIds = sessions.map((s) => s.sessionId);
