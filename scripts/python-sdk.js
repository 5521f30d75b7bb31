/**
 * The Python SDK of the agb package (`pulumi_agb`), for the YAML/Python examples and their tests:
 * generated from the plugin's schema.json by scripts/pulumi-cli/gen-sdk (pkg/v3's Python generator),
 * built into a wheel (dist: .tools/python-sdk/pulumi_agb-<version>-py3-none-any.whl) and installed,
 * with the Pulumi Python SDK from PyPI, into the git-ignored venv .tools/python-venv. Skipped when the
 * venv already holds a wheel built from the same schema and generator.
 *
 * Run: `node scripts/python-sdk.js [schema.json]` (prints the venv's python); tests call ensurePythonSdk().
 */
"use strict";
const { execFileSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** The Pulumi Python SDK the venv installs: the newest PyPI serves (docs/engine-behaviours.md §12). */
const PULUMI_PY_VERSION = "3.272.0";
const ROOT = path.resolve(__dirname, "..");
const TOOLS = process.env.AGB_TOOLS_DIR || path.join(ROOT, ".tools");
const VENV = path.join(TOOLS, "python-venv");
const SDK_DIR = path.join(TOOLS, "python-sdk");
const PYTHON = path.join(VENV, "bin", "python");
const STAMP = path.join(VENV, "pulumi-agb-sdk.stamp");
const GEN_DIR = path.join(ROOT, "scripts", "pulumi-cli");
/** Default schema: the one the plugin serves (provider/plugin/schema.json). */
const DEFAULT_SCHEMA = path.join(ROOT, "provider", "plugin", "schema.json");

/** The package version the wheel carries: the npm package's, so the SDK asks for the plugin of the same version. */
function packageVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
}

/** Names every input of the wheel: the schema, the generator's source and pins, the version. */
function stampOf(schema) {
  const h = createHash("sha256");
  for (const f of [schema, path.join(GEN_DIR, "gen-sdk", "main.go"), path.join(GEN_DIR, "go.mod"), path.join(GEN_DIR, "go.sum")])
    h.update(fs.readFileSync(f));
  h.update(`${packageVersion()} ${PULUMI_PY_VERSION}`);
  return h.digest("hex").slice(0, 16);
}

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], timeout: 20 * 60_000, ...opts });

/** Makes sure the venv holds pulumi==PULUMI_PY_VERSION and the wheel of `schema`; returns the venv's python. */
function ensurePythonSdk(schema = DEFAULT_SCHEMA) {
  if (!fs.existsSync(schema)) throw new Error(`no package schema at ${schema}: build the plugin first (npm run build)`);
  const stamp = stampOf(schema);
  if (fs.existsSync(PYTHON) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === stamp) return PYTHON;

  const src = path.join(SDK_DIR, "src");
  // go run with the CLI build's flags (-trimpath, no cgo: scripts/setup-pulumi.sh): the generator then
  // reuses the CLI's compiled pkg/v3 from the build cache (seconds) instead of compiling it again (minutes).
  run("go", ["run", "-trimpath", "./gen-sdk", "--schema", schema, "--language", "python", "--out", src], {
    cwd: GEN_DIR,
    env: { ...process.env, CGO_ENABLED: "0" },
  });
  // The generator writes version 0.0.0 (Pulumi's own builds set it the same way, at packaging time).
  const setup = path.join(src, "setup.py");
  const text = fs.readFileSync(setup, "utf8");
  if (!/^VERSION = "0\.0\.0"$/m.test(text)) throw new Error(`${setup} has no VERSION = "0.0.0" line to set`);
  fs.writeFileSync(setup, text.replace(/^VERSION = "0\.0\.0"$/m, `VERSION = "${packageVersion()}"`));

  if (!fs.existsSync(PYTHON)) {
    fs.mkdirSync(TOOLS, { recursive: true });
    run(process.env.PYTHON || "python3", ["-m", "venv", VENV]);
  }
  run(PYTHON, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `pulumi==${PULUMI_PY_VERSION}`, "setuptools", "wheel"]);
  const dist = path.join(SDK_DIR, "dist");
  fs.rmSync(dist, { recursive: true, force: true });
  run(PYTHON, [
    "-m",
    "pip",
    "wheel",
    "--quiet",
    "--disable-pip-version-check",
    "--no-deps",
    "--no-build-isolation",
    "--wheel-dir",
    dist,
    src,
  ]);
  const wheels = fs.readdirSync(dist).filter((f) => f.endsWith(".whl"));
  if (wheels.length !== 1) throw new Error(`expected one wheel in ${dist}, found: ${wheels.join(", ") || "none"}`);
  run(PYTHON, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--force-reinstall",
    "--no-deps",
    path.join(dist, wheels[0]),
  ]);
  fs.writeFileSync(STAMP, stamp);
  return PYTHON;
}

/** The built wheel (after ensurePythonSdk). */
function wheelPath() {
  const dist = path.join(SDK_DIR, "dist");
  return path.join(
    dist,
    fs.readdirSync(dist).find((f) => f.endsWith(".whl")),
  );
}

module.exports = { ensurePythonSdk, wheelPath, PYTHON, VENV, PULUMI_PY_VERSION, DEFAULT_SCHEMA };

if (require.main === module) {
  const python = ensurePythonSdk(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_SCHEMA);
  console.log(python);
}
