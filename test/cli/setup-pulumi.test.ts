/**
 * `npm run setup:pulumi`: the built CLI reports the version scripts/pulumi-cli/go.mod pins, the YAML
 * host the one scripts/pulumi-yaml/go.mod pins, a warm rerun only checks, and without Go or without
 * the module proxy it stops with a clear message.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { CLI_BIN, requireBuiltCli } from "./cli-stack";

const SCRIPT = join(ROOT, "scripts", "setup-pulumi.sh");
const pinned = /github\.com\/pulumi\/pulumi\/pkg\/v3 (v\S+)/.exec(readFileSync(join(ROOT, "scripts", "pulumi-cli", "go.mod"), "utf8"))![1];
const yamlPinned = /github\.com\/pulumi\/pulumi-yaml (v\S+)/.exec(readFileSync(join(ROOT, "scripts", "pulumi-yaml", "go.mod"), "utf8"))![1];

test("pulumi and the language host report the pinned version; sdk/v3 is pinned to the same", () => {
  expect(readFileSync(join(ROOT, "scripts", "pulumi-cli", "go.mod"), "utf8")).toContain(`github.com/pulumi/pulumi/sdk/v3 ${pinned}`);
  expect(execFileSync(requireBuiltCli(), ["version"], { encoding: "utf8" }).trim()).toBe(pinned);
  expect(execFileSync(join(CLI_BIN, "pulumi-language-nodejs"), ["--version"], { encoding: "utf8" }).trim()).toBe(pinned.slice(1));
});

test("a second run with the binaries in place only checks them", () => {
  const r = spawnSync("bash", [SCRIPT], { encoding: "utf8" });
  expect({ status: r.status, out: r.stdout.trim() }).toEqual({
    status: 0,
    out: `setup:pulumi: pulumi ${pinned} and pulumi-language-yaml ${yamlPinned} already built in ${CLI_BIN}`,
  });
});

test("the YAML language host is built beside the CLI and answers GetPluginInfo with its pinned version", async () => {
  const version = await pluginInfoVersion(join(CLI_BIN, "pulumi-language-yaml"));
  expect(version).toBe(yamlPinned);
}, 120_000);

describe("stops with a clear message", () => {
  let tools: string;
  beforeEach(() => {
    tools = mkdtempSync(join(tmpdir(), "agb-setup-pulumi-"));
  });
  afterEach(() => rmSync(tools, { recursive: true, force: true }));

  test("without Go on the PATH", () => {
    const r = spawnSync("bash", [SCRIPT], { encoding: "utf8", env: { ...process.env, AGB_TOOLS_DIR: tools, PATH: "/usr/bin:/bin" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/setup:pulumi: Go is not installed/);
  });

  test("without the module proxy (no module cache, GOPROXY=off)", () => {
    const env = { ...process.env, AGB_TOOLS_DIR: tools, GOPROXY: "off", GOMODCACHE: join(tools, "modcache"), GOFLAGS: "-mod=mod" };
    const r = spawnSync("bash", [SCRIPT], { encoding: "utf8", env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the Go module proxy did not serve the modules pinned in scripts\/pulumi-cli\/go.mod/);
    // go mod download leaves read-only files in the module cache.
    spawnSync("chmod", ["-R", "u+w", tools]);
  }, 120_000);
});

/** Starts a language host, asks it GetPluginInfo over gRPC (the port it prints first) and ends it. */
async function pluginInfoVersion(host: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require("@grpc/grpc-js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LanguageRuntimeClient } = require("@pulumi/pulumi/proto/language_grpc_pb");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
  const child = spawn(host, [], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (code) => reject(new Error(`${host} exited ${code} before printing its port`)));
    });
    const client = new LanguageRuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      return await new Promise<string>((resolve, reject) =>
        client.getPluginInfo(new Empty(), (err: Error | null, info: { getVersion(): string }) =>
          err ? reject(err) : resolve(info.getVersion()),
        ),
      );
    } finally {
      client.close();
    }
  } finally {
    child.kill();
  }
}
