/**
 * npm run test:parity: the official AGB Python SDK against agb-local.
 * 1. Installs agbcloud-sdk into .tools/parity-venv (venv.js).
 * 2. Starts agb-local on loopback with its strictness on (one accepted key, an image allow-list,
 *    label limits) and runs test/parity/scenario.py through the SDK's public API.
 * 3. Runs the jest parity tests (wire comparison with the provider, cross-use), which start their
 *    own agb-local and call the same venv.
 * 4. Fails when a process started under its run root (test/support/test-run.js; the jest tests
 *    check theirs in their own globalTeardown) is still running at the end, and kills it.
 * Exits non-zero when any part fails. Expects `npm run build` to have run (the npm script does it).
 */
"use strict";
const { spawn } = require("node:child_process");
const { rmSync } = require("node:fs");
const path = require("node:path");
const { endLeftovers, leftoverReport, startRun } = require("../../test/support/test-run");
const { ensureSdk, ROOT } = require("./venv");

const API_KEY = "akm-parity-scenario-key";
const IMAGES = ["agb-code-space-1", "agb-browser-use-1"];

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const python = ensureSdk();
  const root = startRun();
  const { startAgbLocal, STRICT_LABEL_LIMITS } = require(path.join(ROOT, "dist", "local", "index.js"));
  const local = await startAgbLocal({
    port: 0,
    host: "127.0.0.1",
    // Short syncs and release keep the SDK's fixed polls (2 s create wait, 1 s delete poll) to one round.
    timing: { createSyncMs: 50, uploadSyncMs: 50, releaseMs: 50, clearMs: 100 },
    strictness: { apiKeys: [API_KEY], imageAllowList: IMAGES, labelLimits: { ...STRICT_LABEL_LIMITS } },
  });
  let scenario;
  try {
    scenario = await run(python, [path.join("test", "parity", "scenario.py")], {
      AGB_ENDPOINT: local.url,
      AGB_API_KEY: API_KEY,
      PARITY_IMAGE: IMAGES[0],
      PARITY_MAX_LABEL_VALUE: String(STRICT_LABEL_LIMITS.maxValueLength),
      PYTHONUNBUFFERED: "1",
      DISABLE_COLORS: "1", // the SDK colours its log lines unless told not to
    });
  } finally {
    await local.close();
  }
  const jest = await run(
    process.execPath,
    ["--experimental-vm-modules", "node_modules/jest/bin/jest.js", "--config", "jest.parity.config.js"],
    {
      PARITY_PYTHON: python,
    },
  );
  const left = await endLeftovers(root);
  rmSync(root, { recursive: true, force: true });
  if (left.length) process.stderr.write(`test:parity: ${leftoverReport(root, left)}\n`);
  if (scenario !== 0 || jest !== 0 || left.length) {
    process.stderr.write(`test:parity failed (scenario exit ${scenario}, jest exit ${jest}, ${left.length} process(es) left running)\n`);
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`test:parity: ${err?.stack ?? err}\n`);
  process.exit(1);
});
