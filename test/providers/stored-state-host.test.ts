/**
 * Stored state that no longer parses stops update and delete (issue 9 item 4), through the real
 * dynamic-provider host: the error names the bad field and says what to do, and AGB receives no
 * mutating call (no upload, no release, no SetLabel).
 */
import { SESSION_PROVIDER_TEXT, CONTEXT_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { UNKNOWN } from "../../dist/resources/shared/check-helpers";
import { useHostAndLocal } from "../support/host-fixture";

const KEY = "akm-host-stored-state-4d2e91";
const SESSION_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Session::kept";
const CONTEXT_URN = "urn:pulumi:test::proj::pulumi-nodejs:dynamic/agb:Context::kept-data";
/** Operations that change something at AGB. */
const MUTATIONS = new Set([
  "createSession",
  "SetLabel",
  "SyncContext",
  "releaseSessionAsync",
  "releaseSession",
  "DeleteContext",
  "ModifyContext",
  "ClearContext",
]);

const fixture = useHostAndLocal({ apiKey: KEY });
let sessionId: string;
let stored: Record<string, unknown>;
let checkedNews: Record<string, unknown>;

beforeAll(async () => {
  const ctx = await fixture.host.create(
    CONTEXT_URN,
    (await fixture.host.check(CONTEXT_URN, {}, { __provider: CONTEXT_PROVIDER_TEXT, name: "kept-data" })).inputs,
  );
  const news = {
    __provider: SESSION_PROVIDER_TEXT,
    __agbProject: "proj",
    __agbStack: "test",
    __agbName: "kept",
    imageId: "img",
    labels: { team: "ml" },
    contextSyncs: [{ contextId: ctx.id, path: "/home/p" }],
  };
  checkedNews = (await fixture.host.check(SESSION_URN, {}, news)).inputs;
  const created = await fixture.host.create(SESSION_URN, checkedNews);
  sessionId = created.id;
  stored = created.properties;
});

/** Mutating requests AGB received since `from` (an index into the request log). */
async function mutationsSince(from: number): Promise<string[]> {
  return (await fixture.local.control.logs())
    .slice(from)
    .map((l) => l.operation)
    .filter((op) => MUTATIONS.has(op));
}

async function expectUntouched(logsBefore: number): Promise<void> {
  expect(await mutationsSince(logsBefore)).toEqual([]);
  const live = (await fixture.local.control.sessions()).find((s) => s.sessionId === sessionId)!;
  expect(live.status).toBe("RUNNING");
  expect(live.labels).toMatchObject({ team: "ml" });
}

const corruptions: Array<[string, Record<string, unknown>, RegExp]> = [
  ["labels not a map", { labels: "team=ml" }, /labels: /],
  ["a contextSyncs entry without its path", { contextSyncs: [{ contextId: "ctx-x" }] }, /contextSyncs\[0\]\.path/],
  ["syncOnDelete not a boolean", { syncOnDelete: "no" }, /syncOnDelete: /],
  // The preview's unknown never reaches stored outputs from the engine; a state holding one is not acted on.
  [
    "a sync path holding the preview unknown",
    { contextSyncs: [{ contextId: "ctx-x", path: UNKNOWN }] },
    /contextSyncs: holds the preview's unknown value/,
  ],
];

describe.each(corruptions)("stored state with %s", (_what, patch, field) => {
  test("update stops with an error naming the field, and nothing is changed", async () => {
    const before = (await fixture.local.control.logs()).length;
    const relabelled = { ...checkedNews, labels: { team: "ops" } };
    const err = await fixture.host.update(SESSION_URN, sessionId, { ...stored, ...patch }, relabelled).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(field);
    expect(err?.message).toMatch(/stored state no longer parses/);
    expect(err?.message).toMatch(/Nothing was changed/);
    expect(err?.message).toMatch(/pulumi stack export/);
    await expectUntouched(before);
  });

  test("delete stops with an error naming the field: no upload, no release", async () => {
    const before = (await fixture.local.control.logs()).length;
    const err = await fixture.host.delete(SESSION_URN, sessionId, { ...stored, ...patch }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(field);
    expect(err?.message).toMatch(/cannot safely delete/);
    await expectUntouched(before);
    expect((await fixture.local.control.counters()).sessionsReleased).toBe(0);
  });

  test("diff of a changed resource names the field too, so preview shows the problem", async () => {
    const err = await fixture.host.diff(SESSION_URN, sessionId, { ...stored, ...patch }, { ...checkedNews, labels: { team: "ops" } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(field);
  });
});

test("the same session with intact state still updates and deletes (the guard lets good state through)", async () => {
  const updated = await fixture.host.update(SESSION_URN, sessionId, stored, { ...checkedNews, labels: { team: "ops" } });
  expect(updated.properties).toMatchObject({ labels: { team: "ops" } });
  await fixture.host.delete(SESSION_URN, sessionId, updated.properties);
  const counters = await fixture.local.control.counters();
  expect(counters.sessionsReleased).toBe(1);
  expect(counters.releasesWithUnsyncedData).toBe(0);
});
