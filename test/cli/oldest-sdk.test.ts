/**
 * The oldest @pulumi/pulumi that package.json accepts, in a user's program under the real CLI: the
 * program gets that SDK (npm install into .tools/sdk-<version>, copied into the program's
 * node_modules as a real install would put it), pulumi-agb resolves the program's copy (one SDK,
 * not a second one under pulumi-agb), and up, preview --expect-no-changes and destroy work.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LIVE, ROOT } from "../engine/harness";
import { startCliAgbLocal } from "./cli-agb-local";
import { CliStack, resourcesOf, SESSION_TYPE } from "./cli-stack";

jest.setTimeout(1_200_000);

/** The floor of the declared range ("^3.216.0" -> "3.216.0"). */
function oldestDeclared(): string {
  const range = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies[
    "@pulumi/pulumi"
  ];
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`@pulumi/pulumi range ${range} is not a caret range: update this test`);
  return m[1];
}

/** npm install of `specs` into .tools/<folder> (once, then reused); returns its node_modules. */
function installOnce(folder: string, specs: string[]): string {
  const prefix = join(ROOT, ".tools", folder);
  const nm = join(prefix, "node_modules");
  if (!existsSync(join(prefix, ".installed"))) {
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", ...specs], {
      stdio: "inherit",
    });
    writeFileSync(join(prefix, ".installed"), specs.join(" "));
  }
  return nm;
}

/**
 * pulumi-agb's own dependencies (all but the SDK), nested under it as npm lays them out when the
 * program's top level holds other versions (SDK 3.216 brings got 11; pulumi-agb needs got 14).
 */
function agbDependencies(): string[] {
  const deps = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
  return Object.entries(deps)
    .filter(([name]) => name !== "@pulumi/pulumi")
    .map(([name, range]) => `${name}@${range}`);
}

test("quickstart with the oldest declared @pulumi/pulumi in the program: up, preview, destroy", async () => {
  const version = oldestDeclared();
  const sdkModules = installOnce(`sdk-${version}`, [`@pulumi/pulumi@${version}`]);
  const agbModules = installOnce(`sdk-${version}-agb-deps`, agbDependencies());
  const agb = await startCliAgbLocal();
  const s = new CliStack({
    programDir: join(ROOT, "examples", "quickstart"),
    beforePrepare: (dir) => cpSync(sdkModules, join(dir, "node_modules"), { recursive: true }),
  });
  cpSync(agbModules, join(s.workDir, "node_modules", "pulumi-agb", "node_modules"), { recursive: true });
  try {
    const sdk = JSON.parse(readFileSync(join(s.workDir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as {
      version: string;
    };
    expect(sdk.version).toBe(version);
    // The provider package has no SDK of its own: it uses the program's.
    expect(existsSync(join(s.workDir, "node_modules", "pulumi-agb", "node_modules", "@pulumi", "pulumi"))).toBe(false);
    await s.init(agb.url, "akm-cli-oldest-sdk");
    await s.ok("up");
    const sessions = resourcesOf(await s.exported(), SESSION_TYPE);
    expect(sessions).toHaveLength(1);
    const live = (await agb.control.sessions()).filter((x) => LIVE.has(x.status)).map((x) => x.sessionId);
    expect(live).toEqual([sessions[0].id]);
    await s.ok("preview", { expectNoChanges: true });
    await s.ok("destroy");
    expect((await agb.control.sessions()).filter((x) => LIVE.has(x.status))).toEqual([]);
  } finally {
    await s.close();
    await agb.close();
  }
});
