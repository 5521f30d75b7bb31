"use strict";
/** In-process provider modules configured as the host would configure them, plus sample inputs. */
const sessionProvider = require("../../../dist/providers/session");
const contextProvider = require("../../../dist/providers/context");
const { AgbClient } = require("../../../dist/client");
const { SESSION_PROVIDER_TEXT } = require("../../../dist/dynamic/provider-text");

const API_KEY = "akm-bench-provider-key";

/** Stack config as the host passes it: namespaced keys, string values. */
async function configureProviders(endpoint) {
  const config = { "agb:apiKey": API_KEY, "agb:endpoint": endpoint };
  const req = { config: { get: (k) => config[k] } };
  await sessionProvider.configure(req);
  await contextProvider.configure(req);
}

function directClient(endpoint) {
  return new AgbClient({ apiKey: API_KEY, endpoint });
}

/** `count` contexts made directly through the client (setup, never timed). */
async function makeContexts(endpoint, count, prefix) {
  const api = directClient(endpoint);
  const ids = [];
  for (let i = 0; i < count; i++) ids.push((await api.getContext({ name: `${prefix}-${i}`, allowCreate: true })).id);
  return ids;
}

/** Program-side Session args: 3 context syncs (one with a custom policy) and a browser context. */
function richSessionArgs(contextIds, labels = { team: "bench", env: "dev" }) {
  return {
    imageId: "agb-code-space-1",
    labels,
    contextSyncs: [
      { contextId: contextIds[0], path: "/home/project" },
      {
        contextId: contextIds[1],
        path: "/data/cache",
        policy: { uploadPolicy: { uploadMode: "Archive" }, recyclePolicy: { lifecycle: "Lifecycle_30Days", paths: ["logs"] } },
      },
      {
        contextId: contextIds[2],
        path: "/opt/models",
        policy: { bwList: { whiteLists: [{ path: "weights", excludePaths: ["weights/tmp"] }] } },
      },
    ],
    browserContext: { contextId: contextIds[3] },
  };
}

let counter = 0;
/** What the host hands to create: checked inputs plus identity and `__provider`. */
async function checkedSessionInputs(args, name = `bench-${process.pid}-${++counter}`) {
  const news = { ...args, __agbProject: "bench", __agbStack: "bench", __agbName: name, __provider: SESSION_PROVIDER_TEXT };
  const r = await sessionProvider.check({}, news);
  if (r.failures.length) throw new Error(`check failed: ${JSON.stringify(r.failures)}`);
  return { ...r.inputs, __provider: SESSION_PROVIDER_TEXT };
}

module.exports = {
  sessionProvider,
  contextProvider,
  configureProviders,
  directClient,
  makeContexts,
  richSessionArgs,
  checkedSessionInputs,
  API_KEY,
  SESSION_PROVIDER_TEXT,
};
