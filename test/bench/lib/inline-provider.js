"use strict";
/**
 * Baseline of benchmark 1: a deliberately small dynamic provider written the usual way (an object
 * literal of closures in the program), which Pulumi closure-serializes by value into `__provider`.
 */
const crypto = require("node:crypto");

function sign(x) {
  return crypto.createHash("sha256").update(JSON.stringify(x)).digest("hex");
}
const endpointFor = (inputs) => inputs.endpoint ?? "https://sdk-api.agb.cloud";

const provider = {
  async create(inputs) {
    const { got } = await import("got");
    const r = await got.post(`${endpointFor(inputs)}/mcp/createSession`, { json: { labels: JSON.stringify(inputs.labels) } }).json();
    return { id: r.data.sessionId, outs: { ...inputs, token: sign(inputs) } };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete(id) {
    const { got } = await import("got");
    await got.post(`${endpointFor({})}/mcp/releaseSessionAsync`, { json: { sessionId: id } });
  },
};

/** The `__provider` text `pulumi.dynamic.Resource` would store for this provider. */
async function serializedInlineProvider() {
  const pulumi = require("@pulumi/pulumi");
  const s = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
  return s.text;
}

module.exports = { serializedInlineProvider };
