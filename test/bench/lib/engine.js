"use strict";
/**
 * The test engine (test/engine, built to dist-engine/ by `npm run build`, which `npm run bench`
 * runs first) driving a generated Pulumi program with `count` Sessions and Contexts.
 */
const fs = require("node:fs");
const path = require("node:path");

const REPO = path.resolve(__dirname, "../../..");
const ENGINE_OUT = path.join(REPO, "dist-engine");

/** Loads dist-engine. */
function loadEngine() {
  return require(ENGINE_OUT);
}

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const agb = require("pulumi-agb");
const cfg = new pulumi.Config("bench");
const sessions = cfg.requireNumber("sessions");
const contexts = cfg.requireNumber("contexts");
const rich = cfg.getBoolean("rich") ?? false;
const ctx = [];
for (let i = 0; i < contexts; i++) ctx.push(new agb.Context("ctx-" + i, { name: "bench-ctx-" + i }));
const pick = (i) => ctx[i % ctx.length].contextId;
for (let i = 0; i < sessions; i++) {
  const args = { imageId: "agb-code-space-1", labels: { team: "bench", idx: String(i) } };
  if (rich) {
    args.contextSyncs = [
      { contextId: pick(i), path: "/home/project" },
      { contextId: pick(i + 1), path: "/data/cache", policy: { uploadPolicy: { uploadMode: "Archive" }, recyclePolicy: { lifecycle: "Lifecycle_30Days", paths: ["logs"] } } },
      { contextId: pick(i + 2), path: "/opt/models", policy: { bwList: { whiteLists: [{ path: "weights", excludePaths: ["weights/tmp"] }] } } },
    ];
    args.browserContext = { contextId: pick(i + 3) };
  } else if (ctx.length) {
    args.contextSyncs = [{ contextId: pick(i), path: "/home/project" }];
  }
  new agb.Session("s-" + i, args);
}
`;

/**
 * A program directory under test/bench/.work/ (removed by `remove`): the engine lays out
 * node_modules as `npm install` would and lets the packages' own dependencies resolve upwards to
 * the repository's node_modules, so the program must live inside the repository.
 */
function makeProgram() {
  const base = path.join(__dirname, "..", ".work");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, "program-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: agb-bench\nruntime: nodejs\n");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "agb-bench-program", private: true, main: "index.js" }));
  fs.writeFileSync(path.join(dir, "index.js"), PROGRAM);
  return {
    dir,
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
      if (fs.existsSync(base) && fs.readdirSync(base).length === 0) fs.rmdirSync(base);
    },
  };
}

/**
 * One engine operation; throws with the engine's error text when it fails. `stateDir` keeps stacks
 * apart; `apiKey` travels as secret config like `pulumi config set --secret`.
 */
async function engineOp(engine, { op, dir, stateDir, endpoint, apiKey, sessions, contexts, rich = false, parallel }) {
  const r = await engine.runOperation({
    op,
    programDir: dir,
    stack: "bench",
    stateDir,
    parallel,
    config: {
      "agb:endpoint": endpoint,
      "bench:sessions": String(sessions),
      "bench:contexts": String(contexts),
      "bench:rich": String(rich),
    },
    secretConfig: { "agb:apiKey": apiKey },
    env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "false" },
  });
  if (!r.ok) throw new Error(`engine ${op} failed: ${r.error}\n${r.printed.split("\n").slice(-15).join("\n")}`);
  return r;
}

module.exports = { loadEngine, makeProgram, engineOp };
