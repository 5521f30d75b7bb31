/**
 * The Python virtual environment holding the official AGB SDK (agbcloud-sdk, pinned) for the parity
 * tests, in the git-ignored .tools/parity-venv. Installed with its dependencies the way a user
 * installs it; skipped when that exact version is already there.
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const SDK_VERSION = "0.12.0";
const ROOT = path.resolve(__dirname, "..", "..");
const VENV = path.join(ROOT, ".tools", "parity-venv");
const PYTHON = path.join(VENV, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");

function installedVersion() {
  if (!fs.existsSync(PYTHON)) return undefined;
  try {
    return execFileSync(PYTHON, ["-c", "import importlib.metadata as m; print(m.version('agbcloud-sdk'))"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Makes sure the venv has agbcloud-sdk==SDK_VERSION; returns the venv's python. */
function ensureSdk() {
  if (installedVersion() === SDK_VERSION) return PYTHON;
  if (!fs.existsSync(PYTHON)) {
    fs.mkdirSync(path.dirname(VENV), { recursive: true });
    const python = process.env.PYTHON || "python3";
    execFileSync(python, ["-m", "venv", VENV], { stdio: "inherit" });
  }
  execFileSync(PYTHON, ["-m", "pip", "install", "--quiet", `agbcloud-sdk==${SDK_VERSION}`], { stdio: "inherit", timeout: 15 * 60_000 });
  const got = installedVersion();
  if (got !== SDK_VERSION) throw new Error(`agbcloud-sdk ${SDK_VERSION} did not install (found ${got ?? "none"})`);
  return PYTHON;
}

module.exports = { ensureSdk, PYTHON, SDK_VERSION, ROOT };
