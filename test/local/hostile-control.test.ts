/**
 * The `/_local/` control API against what a web page on the same machine can send: a foreign
 * `Host` (DNS rebinding), a cross-site `Origin` or `Sec-Fetch-Site`, a form or text/plain post.
 * All are refused with 403 and change nothing; configured keys are shown only as hashes; binding
 * to a non-loopback address needs an explicit opt-in, and the CLI prints the address it is bound to.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startAgbLocal } from "../../dist/local/index.js";
import { rawRequest } from "../support/raw-http";
import { api, newKey, start, useSharedLocal } from "./helpers";

jest.setTimeout(60_000);
const shared = useSharedLocal({ strictness: {} });
const CLI = join(__dirname, "..", "..", "dist", "local", "cli.js");
const JSON_TYPE = { "content-type": "application/json" };

test("a foreign Host is refused on every control endpoint, reads included", async () => {
  await shared.control.setStrictness({ apiKeys: ["akm-the-real-key"] });
  for (const host of ["attacker.example", "attacker.example:80", "127.0.0.1.nip.io", "10.0.0.5"]) {
    const r = await rawRequest(shared.url, "GET", "/_local/config", { host });
    expect({ host, status: r.status }).toEqual({ host, status: 403 });
    expect(r.text).not.toContain("akm-the-real-key");
  }
  // Loopback names pass, and even then the keys are shown only as hashes.
  for (const host of [new URL(shared.url).host, `localhost:${new URL(shared.url).port}`]) {
    const r = await rawRequest(shared.url, "GET", "/_local/config", { host });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain("akm-the-real-key");
    expect(JSON.parse(r.text).strictness.apiKeyHashes).toEqual([expect.stringMatching(/^[0-9a-f]{12}$/)]);
  }
});

test("cross-site Origin, Sec-Fetch-Site and non-JSON posts are refused and change nothing", async () => {
  const key = newKey();
  await api(shared.url, key).createContext("keep-me");
  const host = new URL(shared.url).host;
  const attempts: Array<[string, string, Record<string, string>, string]> = [
    ["POST", "/_local/reset", { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" }, "a=1"],
    ["POST", "/_local/reset", { ...JSON_TYPE, origin: "http://evil.example" }, "{}"],
    ["POST", "/_local/reset", { ...JSON_TYPE, origin: "null" }, "{}"],
    ["POST", "/_local/reset", { ...JSON_TYPE, "sec-fetch-site": "cross-site" }, "{}"],
    ["POST", "/_local/reset", { "content-type": "text/plain" }, "{}"],
    ["POST", "/_local/reset", {}, ""],
    ["POST", "/_local/config", { "content-type": "text/plain", origin: "http://evil.example" }, '{"strictness":{"apiKeys":null}}'],
    ["DELETE", "/_local/faults", { "content-type": "text/plain" }, ""],
  ];
  for (const [method, path, headers, body] of attempts) {
    const r = await rawRequest(shared.url, method, path, { host, ...headers }, body);
    expect({ method, path, headers, status: r.status }).toEqual({ method, path, headers, status: 403 });
  }
  expect((await shared.control.contexts()).map((c) => c.name)).toEqual(["keep-me"]);
  // The same origin (a page served by agb-local itself, which serves none) and the control client pass.
  expect(
    (await rawRequest(shared.url, "POST", "/_local/clock/advance", { host, ...JSON_TYPE, origin: `http://${host}` }, '{"ms":0}')).status,
  ).toBe(200);
  expect((await shared.control.reset()).ok).toBe(true);
  expect(await shared.control.contexts()).toEqual([]);
});

test("a non-loopback bind is refused unless allowRemote, and then reports the real bound address", async () => {
  await expect(startAgbLocal({ port: 0, host: "0.0.0.0" })).rejects.toThrow(/not a loopback address.*allowRemote/);
  const remote = await start({ host: "0.0.0.0", allowRemote: true });
  try {
    expect(remote.boundAddress).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(remote.url).toBe(`http://127.0.0.1:${remote.port}`);
  } finally {
    await remote.close();
  }
});

/** Runs the CLI with `args` until it prints its line or exits; kills it after. */
function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number | string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "--port", "0", "--quiet", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("\n")) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? signal });
    });
  });
}

test("CLI: --host 0.0.0.0 is refused without --allow-remote; with it, the bound address is printed with a warning", async () => {
  const refused = await runCli(["--host", "0.0.0.0"]);
  expect(refused.code).not.toBe(0);
  expect(refused.stdout).toBe("");
  expect(refused.stderr).toMatch(/not a loopback address.*--allow-remote/);
  const allowed = await runCli(["--host", "0.0.0.0", "--allow-remote"]);
  expect(allowed.stdout).toMatch(/^agb-local listening on http:\/\/0\.0\.0\.0:\d+ \(dial http:\/\/127\.0\.0\.1:\d+\)\n$/);
  expect(allowed.stderr).toMatch(/WARNING: bound to 0\.0\.0\.0:\d+/);
});
