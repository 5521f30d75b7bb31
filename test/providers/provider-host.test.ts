/**
 * The real dynamic provider host, driven over gRPC as the engine drives it: Configure, Check (with
 * failures), Diff, Create, Read, Update, Delete, the partial-failure detail, and no key anywhere.
 */
import { SESSION_PROVIDER_TEXT, CONTEXT_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { HostCallError, HostDriver } from "../../dist-engine/host-driver";
import { useHostAndLocal } from "../support/host-fixture";

const KEY = "akm-host-secret-key-93e1a7";
const SESSION_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Session::dev";
const CONTEXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::work";
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const fixture = useHostAndLocal({ apiKey: KEY, config: { "agb:defaultLabels": '{"owner":"tests"}' } });

const sessionNews = (extra: Record<string, unknown>) => ({
  __provider: SESSION_PROVIDER_TEXT,
  __agbProject: "proj",
  __agbStack: "test",
  __agbName: "dev",
  ...extra,
});

test("the __provider text is a short require of the installed package", () => {
  expect(SESSION_PROVIDER_TEXT.length).toBeLessThanOrEqual(300);
  expect(SESSION_PROVIDER_TEXT).toContain('"pulumi-agb/providers/session"');
  expect(CONTEXT_PROVIDER_TEXT).toContain('"pulumi-agb/providers/context"');
});

test("a Context and a Session through the host: check, create, read, update, replace-diff, delete", async () => {
  // Context
  const cCheck = await fixture.host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, name: "work" });
  expect(cCheck.failures).toEqual([]);
  const ctx = await fixture.host.create(CONTEXT_URN, cCheck.inputs);
  expect(ctx.properties).toMatchObject({ contextId: ctx.id, name: "work", __provider: CONTEXT_PROVIDER_TEXT });

  // Check failures arrive with their property paths.
  const bad = await fixture.host.check(
    SESSION_URN,
    {},
    sessionNews({ contextSyncs: [{ contextId: ctx.id, path: "/a", policy: { recyclePolicy: { paths: ["*.log"] } } }] }),
  );
  expect(bad.failures.map((f) => f.property).sort()).toEqual(["contextSyncs[0].policy.recyclePolicy.paths[0]", "imageId"]);
  // Preview unknowns pass check.
  expect(
    (await fixture.host.check(SESSION_URN, {}, sessionNews({ imageId: "img", contextSyncs: [{ contextId: U, path: "/a" }] }))).failures,
  ).toEqual([]);

  // The Session as the test declares it: `imageId`, the label team, the context mounted at /home/p.
  const declared = (imageId: string, team: string) =>
    sessionNews({ imageId, labels: { team }, contextSyncs: [{ contextId: ctx.id, path: "/home/p" }] });
  const news = (await fixture.host.check(SESSION_URN, {}, declared("agb-code-space-1", "ml"))).inputs;
  expect(news.labels).toEqual({ owner: "tests", team: "ml" });
  const created = await fixture.host.create(SESSION_URN, news);
  expect(created.properties).toMatchObject({ sessionId: created.id, status: "RUNNING", ready: true, __provider: SESSION_PROVIDER_TEXT });

  const read = await fixture.host.read(SESSION_URN, created.id, created.properties);
  expect(read.id).toBe(created.id);
  expect(read.inputs).toMatchObject({ labels: { owner: "tests", team: "ml" }, __provider: SESSION_PROVIDER_TEXT });

  expect(await fixture.host.diff(SESSION_URN, created.id, created.properties, news)).toEqual({
    changes: "none",
    replaces: [],
    deleteBeforeReplace: false,
  });
  const relabelled = (await fixture.host.check(SESSION_URN, news, declared("agb-code-space-1", "ops"))).inputs;
  expect(await fixture.host.diff(SESSION_URN, created.id, created.properties, relabelled)).toEqual({
    changes: "some",
    replaces: [],
    deleteBeforeReplace: false,
  });
  const updated = await fixture.host.update(SESSION_URN, created.id, created.properties, relabelled);
  expect(updated.properties).toMatchObject({
    sessionId: created.id,
    labels: { owner: "tests", team: "ops" },
    __provider: SESSION_PROVIDER_TEXT,
  });

  const reimaged = (await fixture.host.check(SESSION_URN, relabelled, declared("agb-code-space-2", "ops"))).inputs;
  // The old session uploads to the context the new one downloads: the old goes first (issue 9 item 5).
  expect(await fixture.host.diff(SESSION_URN, created.id, updated.properties, reimaged)).toEqual({
    changes: "some",
    replaces: ["imageId"],
    deleteBeforeReplace: true,
  });

  // Out-of-band release: read reports it gone.
  await fixture.host.delete(SESSION_URN, created.id, updated.properties);
  expect((await fixture.host.read(SESSION_URN, created.id, updated.properties)).id).toBe("");
  expect((await fixture.local.control.counters()).releasesWithUnsyncedData).toBe(0);

  await fixture.host.delete(CONTEXT_URN, ctx.id, ctx.properties);
  expect(await fixture.local.control.contexts()).toEqual([]);
});

test("a partial failure reaches the engine as ErrorResourceInitFailed with the id and __provider", async () => {
  const ctx = await fixture.host.create(
    CONTEXT_URN,
    (await fixture.host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, name: "pf" })).inputs,
  );
  await fixture.local.control.setTiming({ syncOutcome: "Failed" });
  try {
    const news = (
      await fixture.host.check(SESSION_URN, {}, sessionNews({ imageId: "img", contextSyncs: [{ contextId: ctx.id, path: "/home/p" }] }))
    ).inputs;
    let caught: unknown;
    try {
      await fixture.host.create(SESSION_URN, news);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HostCallError);
    const detail = (caught as HostCallError).initFailure!;
    expect(detail.id).toMatch(/.+/);
    expect(detail.properties).toMatchObject({ sessionId: detail.id, ready: false, __provider: SESSION_PROVIDER_TEXT });
    expect(detail.reasons.join(" ")).toMatch(/initial download/);
    await fixture.host.delete(SESSION_URN, detail.id, { ...detail.properties, syncOnDelete: false });
  } finally {
    await fixture.local.control.setTiming({ syncOutcome: "Success" });
  }
});

test("the API key appears nowhere in responses or host output", () => {
  expect(JSON.stringify(fixture.host.responses)).not.toContain(KEY);
  expect(fixture.host.stdout).not.toContain(KEY);
  expect(fixture.host.stderr).not.toContain(KEY);
});

test("the host also loads the provider from the package's own directory (self-reference)", async () => {
  const env = { ...process.env };
  delete env.AGB_API_KEY;
  const own = await HostDriver.start({ cwd: require("node:path").resolve(__dirname, "../.."), env });
  try {
    await own.configure({ "agb:endpoint": fixture.local.url });
    const r = await own.check(SESSION_URN, {}, sessionNews({ imageId: "img" }));
    expect(r.failures).toEqual([]);
    // No key configured: create fails with the how-to message.
    await expect(own.create(SESSION_URN, r.inputs)).rejects.toThrow(/agb:apiKey/);
  } finally {
    await own.close();
  }
});
