/** Pure tests: the shared diff over the replaceOnChange list, the creation token and the wire request. */
import { check, diff } from "../../dist/resources/session";
import { diff as contextDiff } from "../../dist/resources/context/index";
import { toCreateSessionRequest } from "../../dist/resources/session/wire";
import { canonicalFrom, sessionOutputs } from "../../dist/resources/session/state";
import { creationToken, managedLabels } from "../../dist/resources/session/labels";
import { replacementInputs } from "../../dist/resources/session/create";
import { SESSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { WIRE_DEFAULT_POLICY } from "../support/default-policy";

// Outputs below were recorded against http://x; diff refuses another backend (tested in handler tests).
process.env.AGB_ENDPOINT = "http://x";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const EXT = `ext_${"0f".repeat(16)}.zip`;

async function checked(news: Record<string, unknown>) {
  const r = await check({}, { ...news, __agbProject: "proj", __agbStack: "dev", __agbName: "s1" });
  expect(r.failures).toEqual([]);
  return { ...r.inputs, __provider: SESSION_PROVIDER_TEXT };
}
/** Previous outputs as the engine stores them: canonical inputs + facts. */
async function outputsOf(news: Record<string, unknown>) {
  const inputs = await checked(news);
  return {
    ...sessionOutputs(inputs, { sessionId: "s-1", endpoint: "http://x", creationToken: "t", ready: true }),
    __provider: "older text",
  };
}

describe("Session diff", () => {
  const base = { imageId: "img", labels: { a: "1", b: "2" }, contextSyncs: [{ contextId: "c", path: "/home/p" }] };

  test("no diff after an unchanged up, from label order, omitted vs explicit default, or a new provider text", async () => {
    const olds = await outputsOf(base);
    expect(await diff("s-1", olds, await checked(base))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect((await diff("s-1", olds, await checked({ ...base, labels: { b: "2", a: "1" } }))).changes).toBe(false);
    const explicit = {
      ...base,
      syncOnDelete: true,
      timeouts: { create: 600 },
      contextSyncs: [{ contextId: "c", path: "/home/p", policy: { deletePolicy: { syncLocalFile: true } } }],
    };
    expect((await diff("s-1", olds, await checked(explicit))).changes).toBe(false);
  });

  test("older state without defaulted fields shows no diff", async () => {
    const olds = { imageId: "img", labels: { a: "1", b: "2" }, contextSyncs: [{ contextId: "c", path: "/home/p" }], sessionId: "s-1" };
    expect((await diff("s-1", olds, await checked(base))).changes).toBe(false);
  });

  test("labels update in place; replaces names exactly the changed replacement fields", async () => {
    const olds = await outputsOf(base);
    expect(await diff("s-1", olds, await checked({ ...base, labels: { a: "9" } }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const r = await diff("s-1", olds, await checked({ ...base, imageId: "img2", labels: { a: "9" }, idleTimeoutSeconds: 60 }));
    expect(r.replaces.sort()).toEqual(["idleTimeoutSeconds", "imageId"]);
    const p = await diff(
      "s-1",
      olds,
      await checked({ ...base, contextSyncs: [{ contextId: "c", path: "/home/p", policy: { uploadPolicy: { uploadMode: "Archive" } } }] }),
    );
    expect(p.replaces).toEqual(["contextSyncs"]);
    expect(await diff("s-1", olds, await checked({ ...base, timeouts: { delete: 5 } }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("an unknown replacement input during preview is a replacement", async () => {
    const olds = await outputsOf(base);
    const news = await checked({ ...base, contextSyncs: [{ contextId: U, path: "/home/p" }] });
    expect((await diff("s-1", olds, news)).replaces).toEqual(["contextSyncs"]);
  });

  test("an unfinished create (ready false) asks for an update", async () => {
    const olds = { ...(await outputsOf(base)), ready: false };
    expect((await diff("s-1", olds, await checked(base))).changes).toBe(true);
  });

  test("context: rename is an in-place change", async () => {
    const olds = { name: "a", adoptExisting: false, forceDestroy: false, contextId: "x" };
    expect(await contextDiff("x", olds, { name: "b", adoptExisting: false, forceDestroy: false })).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect((await contextDiff("x", { name: "a", contextId: "x" }, { name: "a", adoptExisting: false, forceDestroy: false })).changes).toBe(
      false,
    );
  });
});

describe("creation token", () => {
  test("deterministic, and different when replacement inputs or identity differ", async () => {
    const a = canonicalFrom(await checked({ imageId: "img", labels: { x: "1" } }))!;
    const b = canonicalFrom(await checked({ imageId: "img", labels: { x: "2" }, timeouts: { create: 9 } }))!;
    const c = canonicalFrom(await checked({ imageId: "img2" }))!;
    const id = { project: "p", stack: "s", name: "n" };
    expect(creationToken(id, replacementInputs(a))).toBe(creationToken(id, replacementInputs(b)));
    expect(creationToken(id, replacementInputs(a))).not.toBe(creationToken(id, replacementInputs(c)));
    expect(creationToken(id, replacementInputs(a))).not.toBe(creationToken({ ...id, stack: "prod" }, replacementInputs(a)));
    expect(managedLabels(id, "tok")).toEqual({
      "pulumi-agb-token": "tok",
      "pulumi-agb-claim": "claimed",
      "pulumi-agb-project": "p",
      "pulumi-agb-stack": "s",
      "pulumi-agb-name": "n",
    });
  });
});

describe("wire request", () => {
  test("exact createSession request with user syncs, extension sync and browser-data sync (Python SDK)", async () => {
    const inputs = canonicalFrom(
      await checked({
        imageId: "agb-browser-use-1",
        idleTimeoutSeconds: 120,
        policyId: "pol-1",
        contextSyncs: [
          {
            contextId: "c1",
            path: "/home/p",
            policy: {
              extractPolicy: { extractCurrentFolder: true },
              recyclePolicy: { lifecycle: "Lifecycle_1Day", paths: ["a"] },
              mappingPolicy: { path: "/old" },
            },
          },
        ],
        browserContext: { contextId: "bc", autoUpload: false, extensionOption: { contextId: "ec", extensionIds: [EXT] } },
      }),
    )!;
    const req = toCreateSessionRequest(inputs, { k: "v" });
    const defaults = WIRE_DEFAULT_POLICY;
    expect(req).toEqual({
      imageId: "agb-browser-use-1",
      labels: { k: "v" },
      policyId: "pol-1",
      timeout: 120,
      persistenceDataList: [
        {
          contextId: "c1",
          path: "/home/p",
          policy: {
            ...defaults,
            extractPolicy: { extract: true, deleteSrcFile: true, extractToCurrentFolder: true },
            recyclePolicy: { lifecycle: "Lifecycle_1Day", paths: ["a"] },
            mappingPolicy: { path: "/old" },
          },
        },
        {
          contextId: "ec",
          path: "/tmp/extensions/",
          policy: {
            ...defaults,
            uploadPolicy: { ...defaults.uploadPolicy, autoUpload: false },
            deletePolicy: { syncLocalFile: false },
            bwList: { whiteLists: [{ path: EXT, excludePaths: [] }] },
          },
        },
        {
          contextId: "bc",
          path: "/tmp/agb_browser_data",
          policy: {
            ...defaults,
            uploadPolicy: { ...defaults.uploadPolicy, autoUpload: false },
            bwList: {
              whiteLists: [
                { path: "/Local State", excludePaths: [] },
                { path: "/Default/Cookies", excludePaths: [] },
                { path: "/Default/Cookies-journal", excludePaths: [] },
              ],
            },
          },
        },
      ],
    });
  });

  test("a bare session sends only the image and labels", async () => {
    const inputs = canonicalFrom(await checked({ imageId: "img" }))!;
    expect(toCreateSessionRequest(inputs, {})).toEqual({ imageId: "img" });
  });
});
