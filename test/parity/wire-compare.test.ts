/**
 * The createSession wire of the official Python SDK and of the provider, for every example of the
 * SDK's session-parameter docs, both captured by agb-local (`GET /_local/captures`): same imageId,
 * same user labels (the provider's own `pulumi-agb-*` labels aside), same persistenceDataList
 * (entries by contextId + path, policies equal after JSON parsing, order aside).
 * Runs under `npm run test:parity` (needs the SDK venv).
 */
import type { AgbLocal, CapturedRequest } from "../../dist/local/index.js";
import {
  API_KEY,
  configureFor,
  contextInputs,
  contextProvider,
  directClient,
  putExtension,
  sessionInputs,
  sessionProvider,
  startLocal,
} from "../support/handler-helpers";
import { runSdk } from "./sdk";

/** The parts of a createSession request the comparison covers. */
interface Wire {
  imageId: string;
  userLabels: Record<string, string>;
  entries: Array<{ contextId: string; path: string; policy: unknown }>;
}

function wireOf(c: CapturedRequest): Wire {
  const labels = typeof c.body.labels === "string" && c.body.labels !== "" ? (JSON.parse(c.body.labels) as Record<string, string>) : {};
  const userLabels = Object.fromEntries(
    Object.entries(labels)
      .filter(([k]) => !k.startsWith("pulumi-agb-"))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const list = (c.body.persistenceDataList ?? []) as Array<{ contextId: string; path: string; policy: string }>;
  const entries = list
    .map((e) => ({ contextId: e.contextId, path: e.path, policy: e.policy === "" ? {} : (JSON.parse(e.policy) as unknown) }))
    .sort((a, b) => `${a.contextId}\n${a.path}`.localeCompare(`${b.contextId}\n${b.path}`));
  return { imageId: c.query.imageId, userLabels, entries };
}

/** Two extension ids of the only form the SDK's extension service makes (ext_<32 hex>.zip). */
const EXTENSION_IDS = [`ext_${"1".repeat(32)}.zip`, `ext_${"2".repeat(32)}.zip`];

/** How many syncs each example makes (user syncs + browser data + extensions). */
const EXPECTED_ENTRIES: Record<string, number> = {
  basic: 0,
  "archive upload mode": 1,
  "recycle LIFECYCLE_1DAY": 1,
  "basic browser context": 1,
  "browser context with extensions": 2,
  "complete browser session": 2,
};

let local: AgbLocal;
const ctx: Record<string, string> = {};
const sdkWire = new Map<string, Wire>();

/** The provider's agb.Session inputs equivalent to each documented SDK example (same order). */
function providerExamples(): Array<[string, Record<string, unknown>]> {
  const ext = (contextId: string) => ({ contextId, extensionIds: EXTENSION_IDS });
  return [
    ["basic", { imageId: "agb-code-space-1" }],
    [
      "archive upload mode",
      {
        imageId: "agb-code-space-1",
        labels: { project: "my-app", environment: "development" },
        contextSyncs: [
          { contextId: ctx.project, path: "/workspace/project", policy: { uploadPolicy: { autoUpload: true, uploadMode: "Archive" } } },
        ],
      },
    ],
    [
      "recycle LIFECYCLE_1DAY",
      {
        imageId: "agb-code-space-1",
        labels: { type: "cache", retention: "1day" },
        contextSyncs: [
          {
            contextId: ctx.cache,
            path: "/tmp/cache",
            policy: { recyclePolicy: { lifecycle: "Lifecycle_1Day", paths: ["test-data", "logs"] } },
          },
        ],
      },
    ],
    ["basic browser context", { imageId: "agb-code-space-1", browserContext: { contextId: ctx.browser, autoUpload: true } }],
    [
      "browser context with extensions",
      {
        imageId: "agb-code-space-1",
        browserContext: { contextId: ctx.browser, autoUpload: true, extensionOption: ext(ctx.extensions) },
      },
    ],
    [
      "complete browser session",
      {
        imageId: "agb-code-space-1",
        labels: { type: "browser_automation", extensions: "enabled" },
        browserContext: { contextId: ctx.mainBrowser, autoUpload: true, extensionOption: ext(ctx.browserExtensions) },
      },
    ],
  ];
}

beforeAll(async () => {
  local = await startLocal();
  await configureFor(local.url);
  for (const name of ["project", "cache", "browser", "extensions", "mainBrowser", "browserExtensions"]) {
    ctx[name] = (await contextProvider.create(await contextInputs({ name: `wire-${name}` }))).id;
  }
  // The provider checks the ids against the extension context before createSession (the SDK does not).
  for (const c of [ctx.extensions, ctx.browserExtensions]) for (const e of EXTENSION_IDS) await putExtension(local.url, c, e);
  await local.control.clearCaptures();
  const { sessionIds } = await runSdk<{ sessionIds: string[] }>(local.url, API_KEY, [
    "examples",
    JSON.stringify({ ...ctx, extensionIds: EXTENSION_IDS }),
  ]);
  const captures = await local.control.captures();
  const names = providerExamples().map(([n]) => n);
  expect([sessionIds.length, captures.length]).toEqual([names.length, names.length]);
  names.forEach((n, i) => sdkWire.set(n, wireOf(captures[i])));
});

afterAll(async () => {
  await local?.close();
});

test.each(providerExamples().map(([name]) => [name]))("createSession wire equals the SDK's: %s", async (name) => {
  const [, news] = providerExamples().find(([n]) => n === name)!;
  await local.control.clearCaptures();
  const { id } = await sessionProvider.create(await sessionInputs(news));
  const captures = await local.control.captures();
  expect(captures).toHaveLength(1);
  const provider = wireOf(captures[0]);
  const sdk = sdkWire.get(name)!;
  // Sanity: the example really went through (a broken capture must not compare {} with {}).
  expect(sdk.imageId).toBe("agb-code-space-1");
  expect(sdk.entries).toHaveLength(EXPECTED_ENTRIES[name]);
  expect(provider).toEqual(sdk);
  await directClient(local.url).releaseSessionAsync(id);
});
