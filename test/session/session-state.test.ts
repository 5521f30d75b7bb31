/** Pure tests of the cheap diff path, the comparison helpers and the stored-credential rule of read. */
import { check, diff } from "../../dist/resources/session";
import { changedFieldsFromStored } from "../../dist/resources/shared/diff";
import { compact, deepEqual } from "../../dist/resources/shared/check-helpers";
import { comparableFields, keepStoredCredentials, SESSION_RULES, sessionOutputs } from "../../dist/resources/session/state";
import { SESSION_SECRET_OUTPUTS } from "../../dist/dynamic/session";

// Outputs below were recorded against http://x; diff refuses another backend (tested in handler tests).
process.env.AGB_ENDPOINT = "http://x";

async function checked(news: Record<string, unknown>) {
  const r = await check({}, { ...news, __agbProject: "proj", __agbStack: "dev", __agbName: "s1" });
  expect(r.failures).toEqual([]);
  return r.inputs;
}
/** Outputs as the engine hands them back: serialized and parsed, so nothing is shared with the news. */
async function storedOutputs(news: Record<string, unknown>) {
  const outs = sessionOutputs(await checked(news), { sessionId: "s-1", endpoint: "http://x", creationToken: "t", ready: true });
  return JSON.parse(JSON.stringify(outs)) as Record<string, unknown>;
}

const rich = {
  imageId: "img",
  labels: { b: "2", a: "1" },
  contextSyncs: [
    { contextId: "c1", path: "/home/p" },
    {
      contextId: "c2",
      path: "/data",
      policy: { uploadPolicy: { uploadMode: "Archive" }, recyclePolicy: { lifecycle: "Lifecycle_30Days", paths: ["logs"] } },
    },
  ],
  browserContext: { contextId: "c3" },
};

describe("diff from stored outputs", () => {
  test("unchanged: the olds are not canonicalized again; a change canonicalizes them once", async () => {
    const olds = await storedOutputs(rich);
    const news = await checked(rich);
    const canonicalize = jest.fn(comparableFields);
    expect(changedFieldsFromStored(SESSION_RULES, olds, news, canonicalize)).toEqual([]);
    expect(canonicalize).not.toHaveBeenCalled();
    expect(changedFieldsFromStored(SESSION_RULES, olds, await checked({ ...rich, imageId: "img2" }), canonicalize)).toEqual(["imageId"]);
    expect(canonicalize).toHaveBeenCalledTimes(1);
  });

  test("no diff from key order anywhere in the stored outputs", async () => {
    const olds = await storedOutputs(rich);
    const reorder = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reorder)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reorder(x)]),
            )
          : v;
    expect(await diff("s-1", reorder(olds) as Record<string, unknown>, await checked(rich))).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("old-shape olds (defaults left out) mixed with a real change report exactly that change", async () => {
    const oldShape = { imageId: "img", labels: { a: "1", b: "2" }, contextSyncs: [{ contextId: "c1", path: "/home/p" }], sessionId: "s-1" };
    const base = { imageId: "img", labels: { a: "1", b: "2" }, contextSyncs: [{ contextId: "c1", path: "/home/p" }] };
    expect(await diff("s-1", oldShape, await checked(base))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await diff("s-1", oldShape, await checked({ ...base, labels: { a: "9" } }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    // Delete before replace: the old session uploads (syncOnDelete's default) to c1, which the new one downloads.
    expect(await diff("s-1", oldShape, await checked({ ...base, imageId: "other" }))).toEqual({
      changes: true,
      replaces: ["imageId"],
      deleteBeforeReplace: true,
    });
  });

  test("a changed nested policy value or an extra array item is a replacement", async () => {
    const olds = await storedOutputs(rich);
    const deeper = {
      ...rich,
      contextSyncs: [
        rich.contextSyncs[0],
        {
          ...rich.contextSyncs[1],
          policy: { ...rich.contextSyncs[1].policy, recyclePolicy: { lifecycle: "Lifecycle_30Days", paths: ["logs", "tmp"] } },
        },
      ],
    };
    expect((await diff("s-1", olds, await checked(deeper))).replaces).toEqual(["contextSyncs"]);
    const more = { ...rich, contextSyncs: [...rich.contextSyncs, { contextId: "c4", path: "/x" }] };
    expect((await diff("s-1", olds, await checked(more))).replaces).toEqual(["contextSyncs"]);
  });
});

describe("deepEqual and compact", () => {
  test("deepEqual ignores key order and undefined members, nothing else", () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, x: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined, c: 3 })).toBe(false);
    expect(deepEqual({ a: 1, c: undefined }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual({ 0: 1 }, [1])).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual({ a: null }, { a: {} })).toBe(false);
    expect(deepEqual("1", 1)).toBe(false);
  });

  test("compact drops undefined members deeply and returns a clean value as it is", () => {
    const clean = { a: 1, b: [{ c: "x" }], d: { e: null } };
    expect(compact(clean)).toBe(clean);
    const dirty = { a: 1, u: undefined, b: [{ c: "x", u: undefined }], d: { e: null, u: undefined } };
    const out = compact(dirty);
    expect(JSON.stringify(Object.keys(out))).toBe('["a","b","d"]');
    expect(Object.keys(out.b[0])).toEqual(["c"]);
    expect(Object.keys(out.d)).toEqual(["e"]);
    expect(dirty.u === undefined && "u" in dirty).toBe(true); // the input is not mutated
  });
});

describe("outputs", () => {
  test("hold the required facts and canonical inputs, and no linkUrl / wsUrl", async () => {
    const details = {
      sessionId: "s-1",
      status: "RUNNING",
      resourceUrl: "https://r?authCode=1",
      token: "tok",
      linkUrl: "https://l",
      wsUrl: "wss://w",
      appInstanceId: "ai",
      resourceId: "p-1",
    };
    const outs = sessionOutputs(await checked(rich), { sessionId: "s-1", endpoint: "http://x", creationToken: "t", ready: true, details });
    expect(outs).toMatchObject({
      sessionId: "s-1",
      status: "RUNNING",
      resourceUrl: details.resourceUrl,
      token: "tok",
      appInstanceId: "ai",
      resourceId: "p-1",
      endpoint: "http://x",
      imageId: "img",
    });
    expect(outs).not.toHaveProperty("linkUrl");
    expect(outs).not.toHaveProperty("wsUrl");
    expect(SESSION_SECRET_OUTPUTS).toEqual(["resourceUrl", "token"]);
  });

  test("read keeps the stored resourceUrl and token while the session and its resourceId are the same", () => {
    const stored = { sessionId: "s-1", resourceId: "p-1", resourceUrl: "https://r?authCode=OLD", token: "tok-OLD" };
    const live = {
      sessionId: "s-1",
      status: "RUNNING",
      resourceId: "p-1",
      resourceUrl: "https://r?authCode=NEW",
      token: "tok-NEW",
      appInstanceId: "ai",
    };
    expect(keepStoredCredentials(stored, "s-1", live)).toEqual({ ...live, resourceUrl: stored.resourceUrl, token: stored.token });
    // A different sandbox behind the session, another session id, or nothing stored: the fresh values.
    expect(keepStoredCredentials(stored, "s-1", { ...live, resourceId: "p-2" })).toEqual({ ...live, resourceId: "p-2" });
    expect(keepStoredCredentials(stored, "s-2", { ...live, sessionId: "s-2" }).resourceUrl).toBe(live.resourceUrl);
    expect(keepStoredCredentials({ sessionId: "s-1", resourceId: "p-1" }, "s-1", live)).toEqual(live);
    expect(keepStoredCredentials(stored, "s-1", { ...live, resourceId: undefined })).toEqual({ ...live, resourceId: undefined });
    expect(keepStoredCredentials(undefined as unknown as Record<string, unknown>, "s-1", live)).toEqual(live);
  });
});
