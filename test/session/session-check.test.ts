/** Pure tests of the Session check: canonical defaults, property-path failures, preview unknowns. */
import { check } from "../../dist/resources/session";
import { check as contextCheck } from "../../dist/resources/context/index";
import { applyStackConfig, resetConfigForTests } from "../../dist/config";
import { INPUT_DEFAULT_POLICY } from "../support/default-policy";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const props = (failures: Array<{ property: string }>) => failures.map((f) => f.property);

afterEach(() => resetConfigForTests());

describe("Session check", () => {
  test("fills every documented default, so omitted and explicit defaults are identical", async () => {
    const omitted = await check({}, { imageId: "agb-code-space-1", contextSyncs: [{ contextId: "c1", path: "/home/p" }] });
    expect(omitted.failures).toEqual([]);
    const explicit = await check(
      {},
      {
        imageId: "agb-code-space-1",
        labels: {},
        syncOnDelete: true,
        timeouts: { create: 600, delete: 600 },
        contextSyncs: [
          {
            contextId: "c1",
            path: "/home/p",
            policy: INPUT_DEFAULT_POLICY,
          },
        ],
      },
    );
    expect(explicit.inputs).toEqual(omitted.inputs);
    const sync = (omitted.inputs.contextSyncs as Array<{ policy: { recyclePolicy: unknown } }>)[0];
    expect(sync.policy.recyclePolicy).toEqual({ lifecycle: "Lifecycle_Forever", paths: [""] });
  });

  test("a missing imageId is a failure on imageId", async () => {
    const r = await check({}, { labels: { a: "b" } });
    expect(props(r.failures)).toEqual(["imageId"]);
  });

  test("every failure names its property path", async () => {
    const r = await check(
      {},
      {
        imageId: "img",
        labels: { "": "x", team: "", n: 5 as unknown as string, "pulumi-agb-token": "t" },
        contextSyncs: [
          { contextId: "c", path: "/a" },
          {
            contextId: "c",
            path: "/b",
            policy: {
              recyclePolicy: { paths: ["logs/*"], lifecycle: "Lifecycle_7Days" },
              bogus: 1,
              uploadPolicy: { uploadMode: "Zip" },
              bwList: { whiteLists: [{ path: "src", excludePaths: ["x?"] }] },
            },
          },
        ],
        browserContext: { contextId: "b", extensionOption: { contextId: "e", extensionIds: ["ext_123.zip"] } },
        timeouts: { create: 0, delete: -5 },
        idleTimeoutSeconds: 1.5,
        extra: true,
      },
    );
    const p = props(r.failures);
    expect(p).toEqual(
      expect.arrayContaining([
        'labels[""]',
        "labels.team",
        "labels.n",
        'labels["pulumi-agb-token"]',
        "contextSyncs[1].policy.recyclePolicy.paths[0]",
        "contextSyncs[1].policy.recyclePolicy.lifecycle",
        "contextSyncs[1].policy.bogus",
        "contextSyncs[1].policy.uploadPolicy.uploadMode",
        "contextSyncs[1].policy.bwList.whiteLists[0].excludePaths[0]",
        "browserContext.extensionOption.extensionIds[0]",
        "timeouts.create",
        "timeouts.delete",
        "idleTimeoutSeconds",
        "extra",
      ]),
    );
    const wildcard = r.failures.find((f) => f.property === "contextSyncs[1].policy.recyclePolicy.paths[0]");
    expect(wildcard?.reason).toMatch(/wildcards are not supported/);
    expect(r.failures.find((f) => f.property === "contextSyncs[1].policy.uploadPolicy.uploadMode")?.reason).toMatch(/File, Archive/);
    expect(r.failures.find((f) => f.property === "extra")?.reason).toBe("unknown field");
  });

  test("same or nested mount paths are refused, including the browser mounts", async () => {
    // Two mounts: context a at `first`, context b at `second`.
    const twoMounts = (first: string, second: string) =>
      check(
        {},
        {
          imageId: "i",
          contextSyncs: [
            { contextId: "a", path: first },
            { contextId: "b", path: second },
          ],
        },
      );
    const same = await twoMounts("/home/p", "/home/p/");
    expect(props(same.failures)).toEqual(["contextSyncs[1].path"]);
    const nested = await twoMounts("/home/p/sub", "/home/p");
    expect(props(nested.failures)).toEqual(["contextSyncs[1].path"]);
    const sibling = await twoMounts("/home/p", "/home/pq");
    expect(sibling.failures).toEqual([]);
    const browser = await check({}, { imageId: "i", contextSyncs: [{ contextId: "a", path: "/tmp" }], browserContext: { contextId: "b" } });
    expect(props(browser.failures)).toEqual(["browserContext"]);
  });

  test("a well-formed extension id passes", async () => {
    const r = await check(
      {},
      {
        imageId: "i",
        browserContext: { contextId: "b", extensionOption: { contextId: "e", extensionIds: [`ext_${"a1".repeat(16)}.zip`] } },
      },
    );
    expect(r.failures).toEqual([]);
    expect(r.inputs.browserContext).toEqual({
      contextId: "b",
      autoUpload: true,
      extensionOption: { contextId: "e", extensionIds: [`ext_${"a1".repeat(16)}.zip`] },
    });
  });

  test("preview unknowns are tolerated anywhere", async () => {
    const r = await check(
      {},
      {
        imageId: U,
        labels: { a: U },
        idleTimeoutSeconds: U,
        timeouts: { create: U },
        contextSyncs: [{ contextId: U, path: "/p", policy: { recyclePolicy: U } }, U],
        browserContext: U,
      },
    );
    expect(r.failures).toEqual([]);
    expect((await check({}, { imageId: "i", contextSyncs: U })).failures).toEqual([]);
  });

  test("agb:defaultLabels are merged under the resource's labels; hidden identity kept; sorted keys", async () => {
    applyStackConfig({ get: (k: string) => (k === "agb:defaultLabels" ? '{"team":"ml","env":"default"}' : undefined) });
    const r = await check(
      {},
      { imageId: "i", labels: { z: "1", env: "dev" }, __agbName: "s", __agbProject: "p", __agbStack: "dev", __provider: "x" },
    );
    expect(r.inputs.labels).toEqual({ env: "dev", team: "ml", z: "1" });
    expect(Object.keys(r.inputs.labels as object)).toEqual(["env", "team", "z"]);
    expect(r.inputs).toMatchObject({ __agbName: "s", __agbProject: "p", __agbStack: "dev" });
  });

  test("bad agb:defaultLabels is a clear failure", async () => {
    applyStackConfig({ get: (k: string) => (k === "agb:defaultLabels" ? "{nope" : undefined) });
    const r = await check({}, { imageId: "i" });
    expect(r.failures[0].reason).toMatch(/agb:defaultLabels/);
  });
});

describe("Context check", () => {
  test("defaults and failures", async () => {
    expect((await contextCheck({}, { name: "n" })).inputs).toEqual({ name: "n", adoptExisting: false, forceDestroy: false });
    expect(props((await contextCheck({}, {})).failures)).toEqual(["name"]);
    expect(props((await contextCheck({}, { name: "n", forceDestroy: "yes", other: 1 })).failures).sort()).toEqual([
      "forceDestroy",
      "other",
    ]);
    expect((await contextCheck({}, { name: U })).failures).toEqual([]);
  });
});
