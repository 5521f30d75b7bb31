/**
 * Point 8: the bad input corpus. Each case is a set of resource inputs that `check` must refuse, and
 * the exact property path its one failure must name. Inputs are what a program would register
 * (before the engine adds `__provider`).
 */
export interface BadInput {
  name: string;
  resource: "session" | "context";
  inputs: Record<string, unknown>;
  /** The exact `property` every failure must name (one field can fail two rules). */
  property: string;
}

const CTX = "SdkCtx-00000000000000a1";
const HEX32 = "0123456789abcdef0123456789abcdef";
const IMG = { imageId: "agb-code-space-1" };
const sync = (extra: Record<string, unknown> = {}, policy?: Record<string, unknown>) => ({
  contextId: CTX,
  path: "/home/project",
  ...(policy ? { policy } : {}),
  ...extra,
});
const withPolicy = (policy: Record<string, unknown>) => ({ ...IMG, contextSyncs: [sync({}, policy)] });
const browser = (extra: Record<string, unknown>) => ({ ...IMG, browserContext: { contextId: CTX, ...extra } });
const s = (name: string, inputs: Record<string, unknown>, property: string): BadInput => ({ name, resource: "session", inputs, property });
const c = (name: string, inputs: Record<string, unknown>, property: string): BadInput => ({ name, resource: "context", inputs, property });

export const BAD_INPUTS: BadInput[] = [
  // imageId
  s("missing imageId", {}, "imageId"),
  s("imageId is a number", { imageId: 42 }, "imageId"),
  s("imageId is empty", { imageId: "" }, "imageId"),
  s("imageId is blank", { imageId: "   " }, "imageId"),
  s("imageId is null", { imageId: null }, "imageId"),
  s("imageId is a list", { imageId: ["agb-code-space-1"] }, "imageId"),
  // unknown fields
  s("unknown top-level field", { ...IMG, image: "x" }, "image"),
  s("misspelt field imageID", { ...IMG, imageID: "agb-code-space-1" }, "imageID"),
  // labels
  s("labels is a string", { ...IMG, labels: "team=ml" }, "labels"),
  s("labels is a list", { ...IMG, labels: ["team"] }, "labels"),
  s("empty label key", { ...IMG, labels: { "": "x" } }, 'labels[""]'),
  s("blank label key", { ...IMG, labels: { "  ": "x" } }, 'labels["  "]'),
  s("empty label value", { ...IMG, labels: { team: "" } }, "labels.team"),
  s("blank label value", { ...IMG, labels: { team: "   " } }, "labels.team"),
  s("label value is a number", { ...IMG, labels: { replicas: 3 } }, "labels.replicas"),
  s("label value is a boolean", { ...IMG, labels: { prod: true } }, "labels.prod"),
  s("label value is null", { ...IMG, labels: { team: null } }, "labels.team"),
  s("label value is an object", { ...IMG, labels: { team: { name: "ml" } } }, "labels.team"),
  s("label key with the managed prefix", { ...IMG, labels: { "pulumi-agb-token": "x" } }, 'labels["pulumi-agb-token"]'),
  s("dotted label key with empty value", { ...IMG, labels: { "app.kubernetes.io/name": "" } }, 'labels["app.kubernetes.io/name"]'),
  // contextSyncs shape
  s("contextSyncs is an object", { ...IMG, contextSyncs: sync() }, "contextSyncs"),
  s("contextSyncs entry is a string", { ...IMG, contextSyncs: ["/home/project"] }, "contextSyncs[0]"),
  s("sync without contextId", { ...IMG, contextSyncs: [{ path: "/home/project" }] }, "contextSyncs[0].contextId"),
  s("sync with empty contextId", { ...IMG, contextSyncs: [sync({ contextId: "" })] }, "contextSyncs[0].contextId"),
  s("sync with a relative path", { ...IMG, contextSyncs: [sync({ path: "home/project" })] }, "contextSyncs[0].path"),
  s("sync with an empty path", { ...IMG, contextSyncs: [sync({ path: "" })] }, "contextSyncs[0].path"),
  s("sync path is a number", { ...IMG, contextSyncs: [sync({ path: 7 })] }, "contextSyncs[0].path"),
  s("unknown field in a sync", { ...IMG, contextSyncs: [sync({ mode: "upload" })] }, "contextSyncs[0].mode"),
  // overlapping / nested mount paths
  s("two syncs on the same path", { ...IMG, contextSyncs: [sync(), sync()] }, "contextSyncs[1].path"),
  s("nested sync paths", { ...IMG, contextSyncs: [sync({ path: "/home" }), sync({ path: "/home/project" })] }, "contextSyncs[1].path"),
  s(
    "nested sync paths, trailing slash",
    { ...IMG, contextSyncs: [sync({ path: "/data/" }), sync({ path: "/data/x" })] },
    "contextSyncs[1].path",
  ),
  s("root and a sub path", { ...IMG, contextSyncs: [sync({ path: "/" }), sync({ path: "/srv" })] }, "contextSyncs[1].path"),
  s("parent after child", { ...IMG, contextSyncs: [sync({ path: "/a/b/c" }), sync({ path: "/a/b" })] }, "contextSyncs[1].path"),
  s(
    "sync inside the browser-data mount",
    { ...IMG, contextSyncs: [sync({ path: "/tmp/agb_browser_data/x" })], browserContext: { contextId: CTX } },
    "browserContext",
  ),
  // policy enums and types
  s("unknown uploadMode", withPolicy({ uploadPolicy: { uploadMode: "Zip" } }), "contextSyncs[0].policy.uploadPolicy.uploadMode"),
  s(
    "unknown uploadStrategy",
    withPolicy({ uploadPolicy: { uploadStrategy: "UploadAfterRelease" } }),
    "contextSyncs[0].policy.uploadPolicy.uploadStrategy",
  ),
  s(
    "unknown downloadStrategy",
    withPolicy({ downloadPolicy: { downloadStrategy: "DownloadSync" } }),
    "contextSyncs[0].policy.downloadPolicy.downloadStrategy",
  ),
  s("unknown lifecycle", withPolicy({ recyclePolicy: { lifecycle: "Lifecycle_2Days" } }), "contextSyncs[0].policy.recyclePolicy.lifecycle"),
  s("lowercase enum value", withPolicy({ uploadPolicy: { uploadMode: "file" } }), "contextSyncs[0].policy.uploadPolicy.uploadMode"),
  s("autoUpload is a string", withPolicy({ uploadPolicy: { autoUpload: "yes" } }), "contextSyncs[0].policy.uploadPolicy.autoUpload"),
  s("extract is a number", withPolicy({ extractPolicy: { extract: 1 } }), "contextSyncs[0].policy.extractPolicy.extract"),
  s("unknown sub-policy", withPolicy({ retentionPolicy: { days: 3 } }), "contextSyncs[0].policy.retentionPolicy"),
  s("unknown field in uploadPolicy", withPolicy({ uploadPolicy: { compress: true } }), "contextSyncs[0].policy.uploadPolicy.compress"),
  s("empty mappingPolicy.path", withPolicy({ mappingPolicy: { path: "" } }), "contextSyncs[0].policy.mappingPolicy.path"),
  s("recyclePolicy.paths is a string", withPolicy({ recyclePolicy: { paths: "/tmp" } }), "contextSyncs[0].policy.recyclePolicy.paths"),
  // wildcard paths
  s("wildcard * in recycle paths", withPolicy({ recyclePolicy: { paths: ["*.log"] } }), "contextSyncs[0].policy.recyclePolicy.paths[0]"),
  s(
    "wildcard ? in recycle paths",
    withPolicy({ recyclePolicy: { paths: ["/a", "/b?"] } }),
    "contextSyncs[0].policy.recyclePolicy.paths[1]",
  ),
  s(
    "bracket class in recycle paths",
    withPolicy({ recyclePolicy: { paths: ["/logs/[0-9]"] } }),
    "contextSyncs[0].policy.recyclePolicy.paths[0]",
  ),
  s(
    "wildcard in a white list path",
    withPolicy({ bwList: { whiteLists: [{ path: "/data/*" }] } }),
    "contextSyncs[0].policy.bwList.whiteLists[0].path",
  ),
  s(
    "wildcard in excludePaths",
    withPolicy({ bwList: { whiteLists: [{ path: "/data", excludePaths: ["/x", "/y/*.tmp"] }] } }),
    "contextSyncs[0].policy.bwList.whiteLists[0].excludePaths[1]",
  ),
  // browserContext and extension ids
  s("browserContext without contextId", { ...IMG, browserContext: { autoUpload: true } }, "browserContext.contextId"),
  s("unknown field in browserContext", browser({ headless: true }), "browserContext.headless"),
  s("browserContext.autoUpload is a string", browser({ autoUpload: "true" }), "browserContext.autoUpload"),
  s(
    "extension id without prefix",
    browser({ extensionOption: { contextId: CTX, extensionIds: [`${HEX32}.zip`] } }),
    "browserContext.extensionOption.extensionIds[0]",
  ),
  s(
    "extension id too short",
    browser({ extensionOption: { contextId: CTX, extensionIds: ["ext_123.zip"] } }),
    "browserContext.extensionOption.extensionIds[0]",
  ),
  s(
    "extension id not a zip",
    browser({ extensionOption: { contextId: CTX, extensionIds: [`ext_${HEX32}.zip`, `ext_${HEX32}.tar`] } }),
    "browserContext.extensionOption.extensionIds[1]",
  ),
  s(
    "extension id is a number",
    browser({ extensionOption: { contextId: CTX, extensionIds: [17] } }),
    "browserContext.extensionOption.extensionIds[0]",
  ),
  s("no extension ids", browser({ extensionOption: { contextId: CTX, extensionIds: [] } }), "browserContext.extensionOption.extensionIds"),
  // timeouts and other scalars
  s("idleTimeoutSeconds zero", { ...IMG, idleTimeoutSeconds: 0 }, "idleTimeoutSeconds"),
  s("idleTimeoutSeconds negative", { ...IMG, idleTimeoutSeconds: -5 }, "idleTimeoutSeconds"),
  s("idleTimeoutSeconds fractional", { ...IMG, idleTimeoutSeconds: 1.5 }, "idleTimeoutSeconds"),
  s("idleTimeoutSeconds is a string", { ...IMG, idleTimeoutSeconds: "300" }, "idleTimeoutSeconds"),
  s("timeouts.create zero", { ...IMG, timeouts: { create: 0 } }, "timeouts.create"),
  s("timeouts.delete negative", { ...IMG, timeouts: { delete: -1 } }, "timeouts.delete"),
  s("timeouts.create is a duration string", { ...IMG, timeouts: { create: "10m" } }, "timeouts.create"),
  s("unknown timeouts field", { ...IMG, timeouts: { update: 30 } }, "timeouts.update"),
  s("syncOnDelete is a string", { ...IMG, syncOnDelete: "false" }, "syncOnDelete"),
  s("empty policyId", { ...IMG, policyId: "" }, "policyId"),
  s("adoptSessionId is a number", { ...IMG, adoptSessionId: 123 }, "adoptSessionId"),
  // contexts
  c("context without name", {}, "name"),
  c("context with empty name", { name: "" }, "name"),
  c("context name is a number", { name: 5 }, "name"),
  c("forceDestroy is a string", { name: "work", forceDestroy: "no" }, "forceDestroy"),
  c("adoptExisting is a number", { name: "work", adoptExisting: 1 }, "adoptExisting"),
  c("unknown context field", { name: "work", description: "x" }, "description"),
];
