/**
 * Point 7: every example runs (up, refresh, destroy) with a recognisable API key as secret config;
 * the key appears nowhere: state file, engine and host output, error messages, agb-local's logs, the
 * serialized provider. `resourceUrl` and the tokens are secret (encrypted) in state.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { apiKeyHash, readStateFile, REPO, runFleet, SESSION_TYPE } from "./support/engine";
import type { StateResource } from "./support/engine";
import { record } from "./support/results";
import { useScenario } from "./support/scenario";

const EXAMPLES = join(REPO, "examples");
const SECRET_OUTPUTS = ["resourceUrl", "token", "linkUrl", "wsUrl"];
const sc = useScenario("secrets", "07-secrets");
let key: string;
const haystacks: Array<{ where: string; text: string }> = [];

beforeAll(async () => {
  key = sc.apiKey.replace("akm-rel-", "akm-CANARY-");
});

/** Every form the key could leak in. */
function forms(k: string): string[] {
  return [k, encodeURIComponent(k), Buffer.from(k).toString("base64"), Buffer.from(`Bearer ${k}`).toString("base64"), k.slice(4, 20)];
}

function isEncrypted(v: unknown): boolean {
  return typeof v === "object" && v !== null && "ciphertext" in v;
}

// The Node.js examples (dynamic resources, run by the in-repo engine); the YAML and Python examples use
// the provider plugin under the real CLI, and their tests (test/cli) check their secrets.
const isNodeProgram = (d: string) => /^runtime:\s*nodejs\s*$/m.test(readFileSync(join(EXAMPLES, d, "Pulumi.yaml"), "utf8"));
const examples = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES)
      .filter((d) => existsSync(join(EXAMPLES, d, "Pulumi.yaml")) && isNodeProgram(d))
      .sort()
  : [];

test("there are examples to run", () => {
  expect(examples.length).toBeGreaterThan(0);
});

test.each(examples)("example %s: up, refresh, destroy leak no key; credentials are secret in state", async (example) => {
  const run = {
    stack: "dev",
    stateDir: join(sc.stateDir, example),
    endpoint: sc.local.url,
    apiKey: key,
    programDir: join(EXAMPLES, example),
  };
  const up = await runFleet({ ...run, op: "up" });
  haystacks.push({ where: `${example} up output`, text: up.output });
  expect({ ok: up.ok, error: up.error }).toEqual({ ok: true, error: undefined });
  const state = readStateFile(run.stateDir, "dev");
  haystacks.push({ where: `${example} state file`, text: state.text });
  const sessions: StateResource[] = state.resources.filter((r) => r.type === SESSION_TYPE);
  for (const s of sessions) {
    for (const name of SECRET_OUTPUTS) {
      if (s.outputs[name] !== undefined)
        expect({ session: s.urn, name, encrypted: isEncrypted(s.outputs[name]) }).toEqual({ session: s.urn, name, encrypted: true });
    }
    expect(isEncrypted(s.outputs.resourceUrl)).toBe(true);
    expect(String(s.inputs.__provider ?? "")).toMatch(/require/); // the serialized provider: a short require
  }
  for (const op of ["refresh", "destroy"] as const) {
    const r = await runFleet({ ...run, op });
    haystacks.push({ where: `${example} ${op} output`, text: r.output });
    expect({ op, ok: r.ok, error: r.error }).toEqual({ op, ok: true, error: undefined });
  }
  haystacks.push({ where: `${example} final state`, text: readStateFile(run.stateDir, "dev").text });
});

test("failures (rejected key, server errors) print errors without the key", async () => {
  await sc.local.control.injectFault({
    operation: "createSession",
    httpStatus: 403,
    code: "AccessDenied",
    message: "access denied for this key",
  });
  await sc.local.control.injectFault({ operation: "GetContext", httpStatus: 500, count: 50 });
  const run = { ...sc.base("failing", { sessions: 2, contexts: 1 }), apiKey: key };
  const up = await runFleet({ ...run, op: "up" });
  await sc.local.control.clearFaults();
  haystacks.push({ where: "failing up output", text: up.output }, { where: "failing up error", text: up.error ?? "" });
  expect(up.ok).toBe(false);
  expect(up.error).toBeTruthy();
  haystacks.push({ where: "failing state", text: readStateFile(sc.stateDir, "failing").text });
  const destroy = await runFleet({ ...run, op: "destroy" });
  haystacks.push({ where: "failing destroy output", text: destroy.output });
});

test("the key is found nowhere (and agb-local's logs show only its hash)", async () => {
  const logs = JSON.stringify(await sc.local.control.logs());
  haystacks.push({ where: "agb-local logs", text: logs });
  expect(logs).toContain(apiKeyHash(key)); // the logs did record these runs
  const found = haystacks.filter((h) => forms(key).some((f) => h.text.includes(f))).map((h) => h.where);
  record("07-secrets", "7", "secrets (every example + failing runs)", {
    examplesRun: examples.length,
    placesSearched: haystacks.length,
    bytesSearched: haystacks.reduce((n, h) => n + h.text.length, 0),
    secretsFound: found.length,
  });
  expect(found).toEqual([]);
});
