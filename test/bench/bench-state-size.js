"use strict";
/**
 * 1. Serialized provider: `__provider` bytes stored per resource in state (inputs + outputs copies),
 *    vs. a small inline dynamic provider closure-serialized by @pulumi/pulumi, the usual way.
 * 10. State bytes per Session resource (inputs + outputs as stored, secrets encrypted), for a
 *    Session with 3 context syncs and a browser context, vs. the program's own arguments.
 * Both read the test engine's state file after a real `up` (program -> engine -> provider host ->
 * agb-local). Sizes are deterministic, so the median is over the Session resources of each up.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { startLocalProcess } = require("./lib/agb-local-process");
const { loadEngine, makeProgram, engineOp } = require("./lib/engine");
const { figure } = require("./lib/figure");
const { median, fmt } = require("./lib/stats");
const { serializedInlineProvider } = require("./lib/inline-provider");
const { API_KEY } = require("./lib/provider-setup");

const SESSIONS = 5;
const bytes = (v) => Buffer.byteLength(JSON.stringify(v), "utf8");

async function run({ reps }) {
  const engine = loadEngine();
  const local = await startLocalProcess({ createSyncMs: 0 });
  const program = makeProgram();
  const stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), "agb-bench-state-"));
  try {
    const providerBytes = [];
    const sessionBytes = [];
    const argBytes = [];
    const parts = [];
    const ups = Math.max(1, Math.ceil(reps / SESSIONS)); // >= reps Session resources in all
    for (let u = 0; u < ups; u++) {
      await local.reset();
      const stateDir = path.join(stateRoot, `up-${u}`);
      const r = await engineOp(engine, {
        op: "up",
        dir: program.dir,
        stateDir,
        endpoint: local.url,
        apiKey: API_KEY,
        sessions: SESSIONS,
        contexts: 4,
        rich: true,
        parallel: 8,
      });
      const state = JSON.parse(fs.readFileSync(r.statePath, "utf8"));
      for (const res of state.resources) {
        if (!res.custom) continue;
        providerBytes.push(
          Buffer.byteLength(String(res.inputs.__provider ?? ""), "utf8") + Buffer.byteLength(String(res.outputs.__provider ?? ""), "utf8"),
        );
        if (res.type.endsWith(":Session")) {
          sessionBytes.push(bytes(res.inputs) + bytes(res.outputs));
          const secret = Object.values(res.outputs).filter((v) => v && typeof v === "object" && "ciphertext" in v);
          parts.push([bytes(res.inputs), bytes(res.outputs), secret.reduce((n, v) => n + bytes(v), 0)]);
          if (res.inputs.contextSyncs?.length !== 3 || !res.inputs.browserContext)
            throw new Error(`${res.urn}: expected 3 syncs and a browser context in state`);
        }
      }
      // What the program itself said for one Session (ids of the same length as real ones).
      argBytes.push(bytes(state.resources.find((x) => x.type.endsWith(":Session")).inputs) - bytes({}));
    }
    const inline = await serializedInlineProvider();
    const inlineStored = 2 * Buffer.byteLength(inline, "utf8");
    const p = median(providerBytes);
    const s = median(sessionBytes);
    return [
      figure({
        id: 1,
        name: "serialized __provider bytes per resource in state (both copies)",
        value: p,
        unit: "bytes",
        baseline: `inline closure-serialized provider: ${fmt(inlineStored)} bytes (2 x ${fmt(inlineStored / 2)})`,
        target: { op: "<=", limit: 300 },
        detail: `${fmt(inlineStored / p)}x smaller than the inline provider; ${providerBytes.length} resources (Sessions and Contexts)`,
      }),
      figure({
        id: 10,
        name: "state bytes per Session (inputs + outputs; 3 syncs + browser context)",
        value: s,
        unit: "bytes",
        baseline: `checked inputs alone: ${fmt(median(argBytes))} bytes`,
        target: { op: "<=", limit: 4096 },
        detail: `inputs ${fmt(median(parts.map((x) => x[0])))} + outputs ${fmt(median(parts.map((x) => x[1])))} bytes (of which encrypted secret outputs ${fmt(median(parts.map((x) => x[2])))}); median of ${sessionBytes.length} Sessions from the engine's state file after an up`,
      }),
    ];
  } finally {
    program.remove();
    fs.rmSync(stateRoot, { recursive: true, force: true });
    await local.close();
  }
}

module.exports = { ids: [1, 10], title: "serialized provider and state size", run };
