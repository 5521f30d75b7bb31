"use strict";
/**
 * 12. Cold start of the provider plugin (spawn of dist/plugin/main.js, Configure, first Check of a
 *     Session answered) beside the dynamic provider host's, paired and alternated per repetition.
 * 13. State bytes per Session in the plugin form beside the dynamic form, both from the state of
 *     a real `pulumi up` (the CLI of `npm run setup:pulumi`) of the same Sessions (3 context
 *     syncs and a browser context each); skipped when the CLI is not built.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { startBenchHost } = require("./lib/host-driver");
const { startLocalProcess } = require("./lib/agb-local-process");
const { loadEngine } = require("./lib/engine");
const { figure, skipped } = require("./lib/figure");
const { median, msSince, now, fmt } = require("./lib/stats");
const { API_KEY } = require("./lib/provider-setup");
const { HostDriver } = require("../../dist-engine/host-driver.js");
const { track } = require("./lib/reaper");
const { SESSION_PROVIDER_TEXT } = require("../../dist/dynamic/provider-text");

const REPO = path.resolve(__dirname, "..", "..");
const PULUMI = path.join(REPO, ".tools", "pulumi", "bin", "pulumi");
const SESSIONS = 5;
const bytes = (v) => Buffer.byteLength(JSON.stringify(v), "utf8");

/** ms from spawn to the first Check answered, for one host kind. Nothing listens on the endpoint: Check makes no call. */
async function coldStart(plugin) {
  const t0 = now();
  const host = plugin ? await HostDriver.start({ plugin: true, recordResponses: false }) : await startBenchHost();
  if (plugin) track(host.child);
  try {
    await host.configure({ "agb:apiKey": "akm-bench-cold", "agb:endpoint": "http://127.0.0.1:9" });
    const news = plugin ? { imageId: "agb-code-space-1" } : { imageId: "agb-code-space-1", __provider: SESSION_PROVIDER_TEXT };
    const urn = plugin
      ? "urn:pulumi:bench::bench::agb:index:Session::cold"
      : "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/agb:Session::cold";
    const { failures } = await host.check(urn, {}, news);
    if (failures.length) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return msSince(t0);
  } finally {
    await host.close();
  }
}

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const agb = require("pulumi-agb");
const cfg = new pulumi.Config("bench");
const plugin = cfg.require("form") === "plugin";
const context = (name) => plugin
  ? new pulumi.CustomResource("agb:index:Context", name, { name: "bench-" + name, contextId: undefined }).contextId
  : new agb.Context(name, { name: "bench-" + name }).contextId;
const ctx = [0, 1, 2, 3].map((i) => context("ctx-" + i));
for (let i = 0; i < ${SESSIONS}; i++) {
  const args = {
    imageId: "agb-code-space-1", labels: { team: "bench", idx: String(i) },
    contextSyncs: [
      { contextId: ctx[i % 4], path: "/home/project" },
      { contextId: ctx[(i + 1) % 4], path: "/data/cache", policy: { uploadPolicy: { uploadMode: "Archive" }, recyclePolicy: { lifecycle: "Lifecycle_30Days", paths: ["logs"] } } },
      { contextId: ctx[(i + 2) % 4], path: "/opt/models", policy: { bwList: { whiteLists: [{ path: "weights", excludePaths: ["weights/tmp"] }] } } },
    ],
    browserContext: { contextId: ctx[(i + 3) % 4] },
  };
  if (plugin) new pulumi.CustomResource("agb:index:Session", "s-" + i, { ...args, sessionId: undefined });
  else new agb.Session("s-" + i, args);
}
`;

/** Median stored bytes (inputs + outputs) of the Sessions of one real `pulumi up` of the given form. */
function stateBytesUnderCli(form, endpoint) {
  const base = path.join(__dirname, ".work");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `plugin-${form}-`));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "agb-bench-cli-"));
  try {
    const plugins = "plugins:\n  providers:\n    - name: agb\n      path: ./node_modules/pulumi-agb/bin\n";
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: agb-bench-plugin\nruntime: nodejs\n${plugins}`);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "agb-bench-plugin", private: true, main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
    loadEngine().prepareProgram(dir);
    const env = {
      ...process.env,
      PATH: `${path.dirname(PULUMI)}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(home, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bench",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TYPESCRIPT: "false",
    };
    fs.mkdirSync(path.join(home, "state"));
    const pulumi = (args, input) =>
      execFileSync(PULUMI, [...args, "--cwd", dir], { env, input, stdio: ["pipe", "pipe", "pipe"], timeout: 300_000 }).toString();
    pulumi(["stack", "init", "bench"]);
    pulumi(["config", "set", "agb:endpoint", endpoint]);
    pulumi(["config", "set", "bench:form", form]);
    pulumi(["config", "set", "--secret", "agb:apiKey"], API_KEY);
    pulumi(["up", "--yes", "--skip-preview", "--non-interactive", "--parallel", "8"]);
    const state = JSON.parse(pulumi(["stack", "export"]));
    const sessions = state.deployment.resources.filter((r) => r.type.endsWith(":Session"));
    if (sessions.length !== SESSIONS) throw new Error(`${form}: expected ${SESSIONS} Sessions in state, found ${sessions.length}`);
    const provider =
      sessions.reduce((n, r) => n + Buffer.byteLength(String(r.inputs.__provider ?? "") + String(r.outputs.__provider ?? ""), "utf8"), 0) /
      sessions.length;
    pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    return { bytes: median(sessions.map((r) => bytes(r.inputs) + bytes(r.outputs))), provider, type: sessions[0].type };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
    if (fs.existsSync(base) && fs.readdirSync(base).length === 0) fs.rmdirSync(base);
  }
}

async function run({ reps }) {
  await coldStart(true); // warm the file cache for both sides
  await coldStart(false);
  const plugin = [];
  const dynamic = [];
  for (let i = 0; i < reps; i++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    if (i % 2 === 0) {
      plugin.push(await coldStart(true));
      dynamic.push(await coldStart(false));
    } else {
      dynamic.push(await coldStart(false));
      plugin.push(await coldStart(true));
    }
  }
  const rows = [
    figure({
      id: 12,
      name: "plugin cold start (spawn to first Check answered) vs the dynamic host's",
      value: median(plugin) / median(dynamic),
      unit: "x dynamic",
      baseline: `dynamic host: ${fmt(median(dynamic))} ms`,
      target: { op: "<=", limit: 1 },
      detail: `plugin ${fmt(median(plugin))} ms; medians of ${reps}, alternated`,
    }),
  ];
  if (!fs.existsSync(PULUMI)) {
    rows.push(
      skipped(
        13,
        "state bytes per Session: plugin form vs dynamic form (real CLI)",
        "bytes",
        null,
        `no Pulumi CLI at ${PULUMI} (npm run setup:pulumi)`,
      ),
    );
    return rows;
  }
  const local = await startLocalProcess({ createSyncMs: 0 });
  try {
    const dyn = stateBytesUnderCli("dynamic", local.url);
    await local.reset();
    const plug = stateBytesUnderCli("plugin", local.url);
    rows.push(
      figure({
        id: 13,
        name: "state bytes per Session, plugin form (3 syncs + browser context; real CLI)",
        value: plug.bytes,
        unit: "bytes",
        baseline: `dynamic form: ${fmt(dyn.bytes)} bytes (of which __provider ${fmt(dyn.provider)})`,
        target: { op: "<=", limit: dyn.bytes },
        detail: `plugin form __provider bytes: ${fmt(plug.provider)}; types ${plug.type} / ${dyn.type}; medians of ${SESSIONS} Sessions`,
      }),
    );
  } finally {
    await local.close();
  }
  return rows;
}

module.exports = { ids: [12, 13], title: "provider plugin vs dynamic host", run };
