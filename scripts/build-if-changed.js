#!/usr/bin/env node
/**
 * `npm run build:if-changed`: runs `npm run build` only when a source is newer than the last build
 * (dist/index.js and dist-engine/index.js, which every build rewrites), so `npm run demo` does not
 * spend most of its time rebuilding what is already built. Sources: provider/, test-engine/src/,
 * both tsconfig files and package.json. `--check` only says which it would do (exit 0: up to date,
 * 1: would build), building nothing.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..");
const OUTPUTS = ["dist/index.js", "dist-engine/index.js"].map((f) => path.join(ROOT, f));
const SOURCES = ["provider", "test-engine/src", "tsconfig.json", "test-engine/tsconfig.json", "package.json"].map((f) =>
  path.join(ROOT, f),
);

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const built = Math.min(...OUTPUTS.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
const changed = Math.max(...SOURCES.map(newestMtime));
if (built > 0 && changed < built) {
  process.stdout.write("build: dist/ and dist-engine/ are up to date with the sources; not rebuilt\n");
} else if (process.argv.includes("--check")) {
  process.stdout.write("build: a source is newer than the last build; would run npm run build\n");
  process.exitCode = 1;
} else {
  const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit", shell: process.platform === "win32" });
  process.exitCode = r.status ?? 1;
}
