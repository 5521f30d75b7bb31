/**
 * Point 8: every input of the bad input corpus is refused at check, through the real dynamic provider
 * host over gRPC (as the engine calls it), every failure naming exactly the expected property path
 * with a non-empty reason; agb-local's request counter shows that none of them made an API call.
 */
import { startAgbLocal } from "../../dist/local/index.js";
import type { AgbLocal } from "../../dist/local/index.js";
import { CONTEXT_PROVIDER_TEXT, SESSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text.js";
import { HostDriver, makeProgramDir } from "../../dist-engine/host-driver";
import { BAD_INPUTS } from "./support/bad-input-corpus";
import { record, resetPoint, writeSummary } from "./support/results";

const KEY = "akm-reliability-badinput-7f3c9e";
const URN = {
  session: "urn:pulumi:rel::proj::pulumi-nodejs:dynamic/agb:Session::s",
  context: "urn:pulumi:rel::proj::pulumi-nodejs:dynamic/agb:Context::c",
};
const TEXT = { session: SESSION_PROVIDER_TEXT, context: CONTEXT_PROVIDER_TEXT };

let local: AgbLocal;
let program: ReturnType<typeof makeProgramDir>;
let host: HostDriver;

beforeAll(async () => {
  resetPoint("08-bad-input");
  local = await startAgbLocal({ port: 0, quiet: true });
  program = makeProgramDir();
  const env = { ...process.env };
  delete env.AGB_API_KEY;
  delete env.AGB_ENDPOINT;
  host = await HostDriver.start({ cwd: program.dir, env });
  await host.configure({ "agb:apiKey": KEY, "agb:endpoint": local.url });
});
afterAll(async () => {
  await host?.close();
  program?.remove();
  await local?.close();
  writeSummary();
});

test("the corpus is large enough and a valid input passes check (so a refusal means something)", async () => {
  expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(50);
  expect(new Set(BAD_INPUTS.map((b) => b.name)).size).toBe(BAD_INPUTS.length);
  const good = await host.check(
    URN.session,
    {},
    {
      __provider: TEXT.session,
      imageId: "agb-code-space-1",
      labels: { team: "ml" },
      contextSyncs: [{ contextId: "SdkCtx-00000000000000a1", path: "/home/project", policy: { recyclePolicy: { paths: ["/logs"] } } }],
      idleTimeoutSeconds: 600,
      timeouts: { create: 60 },
    },
  );
  expect(good.failures).toEqual([]);
  expect((await host.check(URN.context, {}, { __provider: TEXT.context, name: "work" })).failures).toEqual([]);
});

test(`${BAD_INPUTS.length} bad inputs: each refused at check naming its property path, 0 API calls`, async () => {
  const before = await local.control.counters();
  const wrong: Array<{ name: string; expected: string; got: Array<{ property: string; reason: string }> }> = [];
  let refused = 0;
  for (const bad of BAD_INPUTS) {
    const res = await host.check(URN[bad.resource], {}, { __provider: TEXT[bad.resource], ...bad.inputs });
    const exact = res.failures.length >= 1 && res.failures.every((f) => f.property === bad.property && f.reason.trim() !== "");
    if (res.failures.length > 0) refused++;
    if (!exact) wrong.push({ name: bad.name, expected: bad.property, got: res.failures });
  }
  const after = await local.control.counters();
  const apiCalls = after.totalRequests - before.totalRequests;
  record("08-bad-input", "8", "bad input corpus at check (real host, gRPC)", {
    badInputs: BAD_INPUTS.length,
    refused,
    refusedWithExactPath: BAD_INPUTS.length - wrong.length,
    apiCalls,
  });
  expect(wrong).toEqual([]);
  expect(refused).toBe(BAD_INPUTS.length);
  expect(apiCalls).toBe(0);
  // The key never shows in what the host answered.
  expect(JSON.stringify(host.responses)).not.toContain(KEY);
});
