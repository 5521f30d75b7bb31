/**
 * A hostile service under the real CLI, measured with `pulumi stack export`: the API key (given
 * as AGB_API_KEY, so the CLI does not mask it) echoed as `x-request-id`, and terminal escapes in an
 * error's code and message, reach neither the printed output nor the state; the digest and size of
 * a ContextFile's secret content are encrypted in the state (outputs and stack outputs) and absent
 * from its inputs.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { ROOT } from "../engine/harness";
import { escapeText, startHostileServer } from "../support/hostile-server";
import type { HostileServer } from "../support/hostile-server";
import type { AgbLocal } from "../../dist/local";
import { startCliAgbLocal } from "./cli-agb-local";
import { CliStack, resourcesOf, SESSION_TYPE } from "./cli-stack";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "hostile");
const KEY = "akm-CLI-HOSTILE-KEY-8d2f61";
const SECRET = "hunter2-cli";
const FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
const ESC_OR_CR = /[\u001b\r\u0007\u009b]/;
// One agb-local for the whole file, never reset: the tests build on one stack.
let agb: AgbLocal;
let hostile: HostileServer;
let stack: CliStack;

beforeAll(async () => {
  agb = await startCliAgbLocal();
  hostile = await startHostileServer(agb.url);
  stack = new CliStack({ programDir: PROGRAM, env: { AGB_API_KEY: KEY } });
  await stack.must(["stack", "init", "--stack", stack.stack]);
  await stack.cli.setConfig({ "agb:endpoint": hostile.url }, { "hostile:fileContent": SECRET });
});
afterAll(async () => {
  hostile?.attack(undefined);
  try {
    await stack?.run("destroy");
  } finally {
    await stack?.close();
    await hostile?.close();
    await agb?.close();
  }
});

const isEncrypted = (v: unknown): boolean => typeof v === "object" && v !== null && "ciphertext" in v;

test("the key as x-request-id of the status poll: up fails, and neither its output nor the export holds the key", async () => {
  hostile.attack((req) =>
    req.path === "/mcp/getSessionInfo"
      ? { kind: "answer", headers: { "content-type": "text/html", "x-request-id": KEY }, body: "<html></html>" }
      : undefined,
  );
  const up = await stack.run("up");
  hostile.attack(undefined);
  expect(up.ok).toBe(false);
  expect(up.printed).toMatch(/requestId \[redacted\]/);
  const exported = JSON.stringify(await stack.exported());
  for (const text of [up.printed, up.error ?? "", exported]) expect(text).not.toContain(KEY);
  // It never showed RUNNING, so its create released it: nothing recorded, nothing left running.
  expect(resourcesOf(await stack.exported(), SESSION_TYPE)).toHaveLength(0);
  expect(up.printed).toMatch(/did not become RUNNING \(timeouts\.create: \d+ s\)[\s\S]*It was released/);
});

test("escapes and forged lines in code and message: printed and stored without control characters", async () => {
  const body = JSON.stringify({ success: false, code: escapeText("E"), message: escapeText(`key ${KEY}`), requestId: "r-1" });
  hostile.attack((req) => (req.path === "/mcp/getSessionInfo" ? { kind: "answer", status: 400, body } : undefined));
  const up = await stack.run("up");
  hostile.attack(undefined);
  expect(up.ok).toBe(false);
  expect(up.printed).toContain("+ victim created"); // the text arrived; only its control characters went
  const exported = JSON.stringify(await stack.exported());
  for (const text of [up.printed, exported]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(ESC_OR_CR);
    expect(text).not.toContain("\\u001b");
  }
});

test("a secret content's digest and size: encrypted in outputs and stack outputs, absent from inputs", async () => {
  await stack.ok("up");
  const exported = await stack.exported();
  const [file] = resourcesOf(exported, FILE_TYPE);
  expect(isEncrypted(file.outputs?.content)).toBe(true);
  expect(isEncrypted(file.outputs?.sha256)).toBe(true);
  expect(isEncrypted(file.outputs?.size)).toBe(true);
  expect(file.inputs).not.toHaveProperty("sha256");
  expect(file.inputs).not.toHaveProperty("size");
  const text = JSON.stringify(exported);
  expect(text).not.toContain(createHash("sha256").update(SECRET).digest("hex"));
  expect(text).not.toContain(SECRET);
  const outputs = await stack.must(["stack", "output", "--json", "--stack", stack.stack]);
  expect(outputs).toMatch(/"fileDigest": "\[secret\]"/);
  expect(outputs).not.toContain(createHash("sha256").update(SECRET).digest("hex"));
  // A second up with the same content changes nothing (the digest compares equal without being an input).
  const again = await stack.run("up", { expectNoChanges: true });
  expect(again.ok).toBe(true);
});
