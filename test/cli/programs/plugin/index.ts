/**
 * The CLI suite's plugin program: a context and a session, declared as the plugin's
 * `agb:index:Context` / `agb:index:Session` (plugin:form "plugin", the default) or as the dynamic
 * resources of `import * as agb from "pulumi-agb"` (plugin:form "dynamic"), under the same
 * resource names. `plugin:migrate` "alias" gives the plugin-form resources an alias to the dynamic
 * type; `plugin:imported` declares the resources `pulumi import` brought in (test/cli/plugin-import.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as agb from "pulumi-agb";

const config = new pulumi.Config("plugin");
const form = config.get("form") ?? "plugin";
const team = config.get("team") ?? "plugin";
const contextName = config.get("contextName") ?? `${pulumi.getProject()}-${pulumi.getStack()}-work`;
const migrate = config.get("migrate");
const sessions = config.getNumber("sessions") ?? 1;
const imageId = config.get("imageId") ?? "agb-code-space-1";
// `plugin:customCreateTimeout` (a resource option) and `plugin:createTimeout` (the provider's own `timeouts.create`, seconds).
const customTimeouts = config.get("customCreateTimeout") ? { create: config.get("customCreateTimeout") } : undefined;
const createTimeout = config.getNumber("createTimeout");

/** The plugin form, as a generated SDK declares it: the type token, the inputs and the outputs to read. */
function pluginResource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: string[],
  opts: pulumi.CustomResourceOptions = {},
): pulumi.CustomResource {
  const props: Record<string, unknown> = { ...inputs };
  for (const key of outputs) if (!(key in props)) props[key] = undefined;
  const aliases = migrate === "alias" ? [{ type: `pulumi-nodejs:dynamic/${type.replace("agb:index:", "agb:")}` }] : undefined;
  // `plugin:deleteBeforeReplace`: the resource option a YAML or SDK program sets itself on Contexts and ContextFiles.
  const dbr = config.getBoolean("deleteBeforeReplace") && type !== "agb:index:Session" ? { deleteBeforeReplace: true } : {};
  return new pulumi.CustomResource(type, name, props, { ...opts, ...dbr, aliases });
}

let contextId: pulumi.Output<string>;
const sessionIds: pulumi.Output<string>[] = [];
if (form === "dynamic") {
  const work = new agb.Context("work", { name: contextName });
  contextId = work.contextId;
  for (let i = 0; i < sessions; i++) {
    sessionIds.push(
      new agb.Session(`s-${i}`, { imageId: "agb-code-space-1", labels: { team }, contextSyncs: [{ contextId, path: "/home/wuying/work" }] })
        .sessionId,
    );
  }
} else {
  const work = pluginResource("agb:index:Context", "work", { name: contextName }, ["contextId"]);
  contextId = (work as unknown as { contextId: pulumi.Output<string> }).contextId;
  for (let i = 0; i < sessions; i++) {
    const inputs = {
      imageId,
      labels: { team },
      contextSyncs: [{ contextId, path: "/home/wuying/work" }],
      ...(createTimeout ? { timeouts: { create: createTimeout } } : {}),
    };
    const s = pluginResource("agb:index:Session", `s-${i}`, inputs, ["sessionId", "token"], { customTimeouts });
    sessionIds.push((s as unknown as { sessionId: pulumi.Output<string> }).sessionId);
  }
}

// `plugin:importedSession` / `plugin:importedContext`: the code `pulumi import` would print, as a program declares it.
const importedSession = config.get("importedSession");
if (importedSession)
  pluginResource("agb:index:Session", "imported-session", { imageId: "agb-code-space-1", labels: { owner: "outside" } }, ["sessionId"]);
const importedContext = config.get("importedContext");
if (importedContext) pluginResource("agb:index:Context", "imported-context", { name: importedContext }, ["contextId"]);

// `plugin:file`: a ContextFile in the work context (no resource options: what a generated SDK declares).
if (config.getBoolean("file"))
  pluginResource("agb:index:ContextFile", "seed", { contextId, path: "/data/seed.txt", content: "seed 0" }, ["sha256"]);

// `plugin:lookups`: the plugin's functions, invoked once the resources they look at exist.
const lookups = config.getBoolean("lookups")
  ? pulumi.all([contextId, ...sessionIds]).apply(async ([, first]) => {
      const contexts = await pulumi.runtime.invoke("agb:index:getContexts", {});
      const session = await pulumi.runtime.invoke("agb:index:getSession", { sessionId: first });
      const listed = await pulumi.runtime.invoke("agb:index:getSessions", { labels: { team } });
      const bad = await pulumi.runtime.invoke("agb:index:getContext", { name: "no-such-context" }).then(
        () => "found",
        (e: Error) => e.message,
      );
      return { contextNames: contexts.names, sessionStatus: session.status, sessionLabels: session.labels, listed: listed.sessionIds, bad };
    })
  : undefined;

export { contextId, sessionIds, lookups };
