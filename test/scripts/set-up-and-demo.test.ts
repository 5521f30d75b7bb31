/**
 * What a new user meets first, outside any Pulumi run: the agb-local command is executable as the
 * build leaves it (a symlinked install uses the file as built), the demo prints its help and refuses
 * unknown flags before starting anything, and `build:if-changed` does not rebuild an up-to-date tree.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

test("the built agb-local command is executable and starts as a program", () => {
  const cli = join(ROOT, "dist", "local", "cli.js");
  expect(statSync(cli).mode & 0o111).toBe(0o111);
  const r = spawnSync(cli, ["--port", "not-a-port"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  expect(r.error).toBeUndefined(); // EACCES here is the "Permission denied" of a symlinked install
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain("--port");
});

test("npm run demo -- --help prints the options and exits 0 without deploying; an unknown flag exits 2", () => {
  const help = node(["scripts/demo.js", "--help"]);
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^npm run demo \[-- --destroy \| --help\]/);
  expect(help.stdout).toContain("--destroy");
  expect(help.stdout).not.toContain("agb-local (the local AGB service) is listening");

  const typo = node(["scripts/demo.js", "--destory"]);
  expect(typo.status).toBe(2);
  expect(typo.stderr).toMatch(/^demo: unknown option "--destory"/);
  expect(typo.stdout).toBe("");
});

test("build:if-changed leaves an up-to-date build alone", () => {
  expect(existsSync(join(ROOT, "dist-engine", "index.js"))).toBe(true);
  const r = node(["scripts/build-if-changed.js", "--check"]); // --check: never builds under the running suite
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("up to date with the sources; not rebuilt");
});
