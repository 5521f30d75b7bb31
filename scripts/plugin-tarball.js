#!/usr/bin/env node
"use strict";
/**
 * `npm run plugin:tarball [-- <pulumi-agb tarball>]`: a plugin tarball for `pulumi plugin install
 * resource agb <version> --file <it>`. The CLI unpacks such a tarball into its plugin folder and
 * runs `pulumi-resource-agb` from its top, so the tarball holds that script at its top and the
 * package with its production dependencies under `node_modules/` (the npm package alone nests
 * everything under `package/` and has no dependencies). Writes
 * `pulumi-resource-agb-v<version>.tar.gz` in the current folder. Uses `npm pack` (when no tarball
 * is given) and `npm install --omit=dev`, so it needs the npm registry or npm's cache.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 }).toString();

const LAUNCHER = `#!/bin/sh
# The agb provider plugin, as \`pulumi plugin install --file\` lays it out: the package under node_modules/.
here=$(dirname "$(readlink -f "$0")")
exec node "$here/node_modules/pulumi-agb/dist/plugin/main.js" "$@"
`;

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "agb-plugin-tarball-"));
  try {
    let packed = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
    if (!packed) {
      const name = npm(["pack", "--pack-destination", work], ROOT).trim().split("\n").pop();
      packed = path.join(work, name);
    }
    const stage = path.join(work, "stage");
    fs.mkdirSync(stage);
    fs.writeFileSync(path.join(stage, "package.json"), JSON.stringify({ name: "pulumi-resource-agb", private: true }));
    npm(["install", "--omit=dev", "--no-audit", "--no-fund", "--no-save", packed], stage);
    fs.writeFileSync(path.join(stage, "pulumi-resource-agb"), LAUNCHER, { mode: 0o755 });
    const out = path.resolve(`pulumi-resource-agb-v${version}.tar.gz`);
    execFileSync("tar", ["czf", out, "-C", stage, "pulumi-resource-agb", "node_modules"], { stdio: "inherit" });
    process.stdout.write(`${out}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
