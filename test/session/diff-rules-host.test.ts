/**
 * Session Diff rules through the real dynamic-provider host (issue 9): replacement order (item 5),
 * contextSyncs order (item 9) and adoptSessionId changes (item 11). Diff is pure, so the stored
 * outputs are made by a real Create against agb-local and the news by the host's own Check.
 */
import { CONTEXT_PROVIDER_TEXT, SESSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { putExtension } from "../support/handler-helpers";
import { useHostAndLocal } from "../support/host-fixture";

const KEY = "akm-host-diff-rules-7c1f02";
const URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Session::dev";
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const fixture = useHostAndLocal({ apiKey: KEY });
const contextIds = new Map<string, string>();

/** The inputs with every `contextId` short name replaced by the real context's id. */
function withRealContexts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withRealContexts);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "contextId" && typeof v === "string" ? (contextIds.get(v) ?? v) : withRealContexts(v)]),
  );
}

beforeAll(async () => {
  // Real contexts behind the short names the cases use (create checks that they exist).
  for (const name of ["c1", "c2", "c3", "c9", "b1", "b2", "e1"]) {
    const urn = `urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::${name}`;
    const ctx = await fixture.host.create(
      urn,
      (await fixture.host.check(urn, {}, { __provider: CONTEXT_PROVIDER_TEXT, name: `diff-rules-${name}` })).inputs,
    );
    contextIds.set(name, ctx.id);
  }
  await putExtension(fixture.local.url, contextIds.get("e1")!, EXT, KEY);
});

let named = 0;
/** Checked news, as the engine passes them to Diff. */
async function checked(inputs: Record<string, unknown>, name = "dev"): Promise<Record<string, unknown>> {
  const r = await fixture.host.check(
    URN,
    {},
    {
      __provider: SESSION_PROVIDER_TEXT,
      __agbProject: "proj",
      __agbStack: "test",
      __agbName: name,
      ...(withRealContexts(inputs) as Record<string, unknown>),
    },
  );
  expect(r.failures).toEqual([]);
  return r.inputs;
}

/** A created session: its id and stored outputs. */
async function created(inputs: Record<string, unknown>): Promise<{ id: string; olds: Record<string, unknown> }> {
  const r = await fixture.host.create(URN, await checked(inputs, `s${++named}`));
  return { id: r.id, olds: r.properties };
}

const EXT = `ext_${"ab".repeat(16)}.zip`;
const noUpload = { uploadPolicy: { autoUpload: false } };
const noDownload = { downloadPolicy: { autoDownload: false } };

describe("replacement order (item 5): delete first exactly when the new session would start on stale data", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, boolean]> = [
    [
      "same context, old uploads (default), new downloads (default)",
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      true,
    ],
    [
      "same context at another mount path",
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      { contextSyncs: [{ contextId: "c1", path: "/b" }] },
      true,
    ],
    [
      "old does not upload (autoUpload false)",
      { contextSyncs: [{ contextId: "c1", path: "/a", policy: noUpload }] },
      { contextSyncs: [{ contextId: "c1", path: "/a", policy: noUpload }] },
      false,
    ],
    [
      "old releases without uploading (syncOnDelete false)",
      { syncOnDelete: false, contextSyncs: [{ contextId: "c1", path: "/a" }] },
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      false,
    ],
    [
      "new does not download (autoDownload false)",
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      { contextSyncs: [{ contextId: "c1", path: "/a", policy: noDownload }] },
      false,
    ],
    [
      "no context in common",
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      { contextSyncs: [{ contextId: "c2", path: "/a" }] },
      false,
    ],
    ["no syncs at all", {}, {}, false],
    [
      "browser data uploaded (browserContext.autoUpload) and downloaded",
      { browserContext: { contextId: "b1" } },
      { browserContext: { contextId: "b1" } },
      true,
    ],
    [
      "browser data not uploaded (browserContext.autoUpload false)",
      { browserContext: { contextId: "b1", autoUpload: false } },
      { browserContext: { contextId: "b1", autoUpload: false } },
      false,
    ],
    [
      "extension context is never uploaded by the old session",
      { browserContext: { contextId: "b1", autoUpload: false, extensionOption: { contextId: "e1", extensionIds: [EXT] } } },
      { browserContext: { contextId: "b2", autoUpload: false, extensionOption: { contextId: "e1", extensionIds: [EXT] } } },
      false,
    ],
    [
      "old uploads a sync into the context the new one mounts as browser data",
      { contextSyncs: [{ contextId: "c1", path: "/a" }] },
      { browserContext: { contextId: "c1" } },
      true,
    ],
  ];

  test.each(cases)("%s", async (_what, oldInputs, newDelta, deleteFirst) => {
    const old = await created({ imageId: "img-a", ...oldInputs });
    const news = await checked({ imageId: "img-b", ...newDelta });
    const d = await fixture.host.diff(URN, old.id, old.olds, news);
    expect(d.changes).toBe("some");
    expect(d.replaces).toContain("imageId");
    expect(d.deleteBeforeReplace).toBe(deleteFirst);
  });

  test("an in-place change never asks for an order", async () => {
    const old = await created({ imageId: "img-a", contextSyncs: [{ contextId: "c1", path: "/a" }] });
    const d = await fixture.host.diff(
      URN,
      old.id,
      old.olds,
      await checked({ imageId: "img-a", labels: { x: "1" }, contextSyncs: [{ contextId: "c1", path: "/a" }] }),
    );
    expect(d).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  });

  test("preview: a context id not known yet counts as shared when the old session uploads", async () => {
    const uploading = await created({ imageId: "img-a", contextSyncs: [{ contextId: "c1", path: "/a" }] });
    const unknownCtx = await checked({ imageId: "img-a", contextSyncs: [{ contextId: U, path: "/a" }] });
    expect(await fixture.host.diff(URN, uploading.id, uploading.olds, unknownCtx)).toEqual({
      changes: "some",
      replaces: ["contextSyncs"],
      deleteBeforeReplace: true,
    });
    const quiet = await created({ imageId: "img-a", syncOnDelete: false, contextSyncs: [{ contextId: "c1", path: "/a" }] });
    expect((await fixture.host.diff(URN, quiet.id, quiet.olds, unknownCtx)).deleteBeforeReplace).toBe(false);
  });
});

describe("contextSyncs order means nothing (item 9)", () => {
  const a = { contextId: "c1", path: "/home/a" };
  const b = { contextId: "c2", path: "/data", policy: { uploadPolicy: { uploadMode: "Archive" } } };
  const c = { contextId: "c3", path: "/srv/c" };

  test("reordered syncs are no change, from outputs of the same or the reversed order", async () => {
    const old = await created({ imageId: "img", contextSyncs: [a, b, c] });
    expect(await fixture.host.diff(URN, old.id, old.olds, await checked({ imageId: "img", contextSyncs: [c, a, b] }))).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await fixture.host.diff(URN, old.id, old.olds, await checked({ imageId: "img", contextSyncs: [b, c, a] }))).toEqual({
      changes: "none",
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  test("state written in another order (an older provider version) is no change either", async () => {
    const old = await created({ imageId: "img", contextSyncs: [a, b] });
    const asWritten = { ...old.olds, contextSyncs: [...(old.olds.contextSyncs as unknown[])].reverse() };
    expect((await fixture.host.diff(URN, old.id, asWritten, await checked({ imageId: "img", contextSyncs: [a, b] }))).changes).toBe("none");
  });

  test("a real change inside a reordered list is still a replacement; overlaps are refused at check with the user's index", async () => {
    const old = await created({ imageId: "img", contextSyncs: [a, b] });
    const changed = await checked({ imageId: "img", contextSyncs: [{ ...b, path: "/data2" }, a] });
    expect((await fixture.host.diff(URN, old.id, old.olds, changed)).replaces).toEqual(["contextSyncs"]);
    const overlap = await fixture.host.check(
      URN,
      {},
      { __provider: SESSION_PROVIDER_TEXT, imageId: "img", contextSyncs: [c, a, { contextId: "c9", path: "/home/a/x" }] },
    );
    expect(overlap.failures.map((f) => f.property)).toEqual(["contextSyncs[2].path"]);
  });
});

describe("adoptSessionId changes (item 11)", () => {
  test("naming another session replaces the resource (the replacement adopts it)", async () => {
    const plain = await created({ imageId: "img" });
    const other = await created({ imageId: "img" });
    const d = await fixture.host.diff(URN, plain.id, plain.olds, await checked({ imageId: "img", adoptSessionId: other.id }));
    expect(d).toEqual({ changes: "some", replaces: ["adoptSessionId"], deleteBeforeReplace: false });
    const adopted = await created({ imageId: "img", adoptSessionId: other.id });
    expect(adopted.id).toBe(other.id);
    const third = await created({ imageId: "img" });
    expect(
      (await fixture.host.diff(URN, adopted.id, adopted.olds, await checked({ imageId: "img", adoptSessionId: third.id }))).replaces,
    ).toEqual(["adoptSessionId"]);
  });

  test("removing it, or naming the session the resource already is, is no change", async () => {
    const target = await created({ imageId: "img" });
    const adopted = await created({ imageId: "img", adoptSessionId: target.id });
    expect((await fixture.host.diff(URN, adopted.id, adopted.olds, await checked({ imageId: "img" }))).changes).toBe("none");
    expect(
      (await fixture.host.diff(URN, adopted.id, adopted.olds, await checked({ imageId: "img", adoptSessionId: adopted.id }))).changes,
    ).toBe("none");
    const plain = await created({ imageId: "img" });
    expect((await fixture.host.diff(URN, plain.id, plain.olds, await checked({ imageId: "img", adoptSessionId: plain.id }))).changes).toBe(
      "none",
    );
  });

  test("a replacement that would re-adopt the session being replaced is refused with the reason", async () => {
    const target = await created({ imageId: "img" });
    const adopted = await created({ imageId: "img", adoptSessionId: target.id });
    const err = await fixture.host.diff(URN, adopted.id, adopted.olds, await checked({ imageId: "img-2", adoptSessionId: target.id })).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/adoptSessionId names this session/);
    expect(err?.message).toMatch(/Remove adoptSessionId/);
  });

  test("update refuses an adoptSessionId change in place (the engine must replace)", async () => {
    const plain = await created({ imageId: "img" });
    const other = await created({ imageId: "img" });
    const err = await fixture.host.update(URN, plain.id, plain.olds, await checked({ imageId: "img", adoptSessionId: other.id })).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/adoptSessionId cannot change in place/);
  });
});
