/**
 * The test engine on its own, with a toy provider package (test/engine/fixtures/toy-provider) whose
 * "cloud" is a JSON file: the real program runtime and the real dynamic-provider host, driven
 * through preview, up, replace, partial failure, refresh and destroy.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { RunResult } from "../../dist-engine";

const ROOT = resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require(join(ROOT, "dist-engine")) as typeof import("../../dist-engine");
const FIXTURES = join(__dirname, "fixtures");
const KEY = "toy-secret-key-4711";

// A failing program takes 40-55 s on Node 20/22 when the SDK keeps its source maps (util.inspect on
// source-mapped SDK frames: see prepareProgram); the engine copies the SDK without them.
jest.setTimeout(120_000);

interface Db {
  things: Record<string, { size: string; color: string; tags: Record<string, string>; parentId: string }>;
  log: string[];
  maxInFlight: number;
  seenKeys: string[];
}

function toyStack() {
  const dir = mkdtempSync(join(tmpdir(), "toy-engine-"));
  const dbPath = join(dir, "db.json");
  const printed: string[] = [];
  const run = async (
    op: "preview" | "up" | "refresh" | "preview-refresh" | "destroy",
    config: Record<string, string> = {},
    parallel = 4,
  ): Promise<RunResult> => {
    const r = await engine.runOperation({
      op,
      programDir: join(FIXTURES, "toy-program"),
      stack: "t",
      stateDir: join(dir, "state"),
      parallel,
      config: { "toy:dbPath": dbPath, ...config },
      secretConfig: { "toy:apiKey": KEY, "toy:note": "secret-note-9" },
      prepareWith: { packages: { "toy-provider": { from: join(FIXTURES, "toy-provider") } } },
      env: { ...process.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
    printed.push(r.printed);
    return r;
  };
  const db = (): Db => JSON.parse(readFileSync(dbPath, "utf8")) as Db;
  const state = () => readFileSync(join(dir, "state", "t.json"), "utf8");
  return { run, db, dbPath, state, printed };
}

test("up creates, a second up has no changes, secrets stay encrypted, preview calls no create", async () => {
  const t = toyStack();
  const plan = await t.run("preview");
  expect(plan.ok).toBe(true);
  expect(plan.steps.filter((s) => s.op === "create").length).toBe(4);
  expect(() => t.db()).toThrow(); // nothing was created: the db file does not even exist

  const up = await t.run("up");
  expect(up.ok).toBe(true);
  expect(Object.keys(t.db().things).length).toBe(3);
  expect(t.db().seenKeys).toEqual([KEY]); // Configure delivered the secret, unwrapped
  expect(up.outputs.thingIds).toHaveLength(2);
  expect(up.secretOutputs).toContain("firstToken"); // additionalSecretOutputs re-marked
  const again = await t.run("up");
  expect(again.summary).toMatch(/^Resources:\n {4}\d+ unchanged$/);
  expect(t.state()).not.toContain(KEY);
  expect(t.state()).not.toContain("secret-note-9");
  expect(t.state()).not.toContain(String(up.outputs.firstToken));
  expect(t.state()).toContain("ciphertext");
  expect(t.printed.join("\n")).not.toContain(KEY);
  expect(t.printed.join("\n")).not.toContain(String(up.outputs.firstToken));
});

test("update in place, create-before-delete replace, delete-before-replace when asked, reverse-order deletes", async () => {
  const t = toyStack();
  await t.run("up");
  const upd = await t.run("up", { "toy:color": "red" });
  expect(upd.steps.filter((s) => s.op === "update").map((s) => s.keys)).toEqual([["color"], ["color"], ["color"]].slice(0, 2));

  const before = t.db().log.length;
  const rep = await t.run("up", { "toy:color": "red", "toy:size": "huge" });
  expect(rep.steps.filter((s) => s.op === "replace").map((s) => s.keys)).toEqual([["size"], ["size"]]);
  const log = t.db().log.slice(before);
  expect(log.findIndex((l) => l.startsWith("delete"))).toBeGreaterThan(log.map((l) => l.startsWith("create")).lastIndexOf(true));

  const before2 = t.db().log.length;
  await t.run("up", { "toy:color": "red", "toy:size": "tiny", "toy:extra": JSON.stringify({ dbr: true }) });
  const log2 = t.db().log.slice(before2);
  expect(log2[0]).toMatch(/^delete /); // the old one goes first

  const parentId = Object.entries(t.db().things).find(([, v]) => v.parentId === "")![0];
  const before3 = t.db().log.length;
  const gone = await t.run("destroy");
  expect(gone.ok).toBe(true);
  const log3 = t.db().log.slice(before3);
  expect(log3[log3.length - 1]).toBe(`delete ${parentId}`); // children first, then what they depend on
  expect(t.db().things).toEqual({});
});

test("parallelism is bounded by `parallel`", async () => {
  const t = toyStack();
  const r = await t.run("up", { "toy:count": "6", "toy:extra": JSON.stringify({ delayMs: 300 }) }, 2);
  expect(r.ok).toBe(true);
  expect(t.db().maxInFlight).toBe(2);
});

test("a check failure and a provider error fail the operation with the provider's message", async () => {
  const t = toyStack();
  const bad = await t.run("up", { "toy:size": "bad" });
  expect(bad.ok).toBe(false);
  expect(bad.error).toContain("size: must not be bad");
  // Printed once by the engine; the program, answered UNAVAILABLE as the real engine answers it,
  // prints no second copy with the SDK's stack frames (test/engine/engine-as-cli.test.ts).
  // (Checks run in parallel, so more than one thing may fail: each is printed once, under its name.)
  const headers = bad.printed.match(/^ {2}pulumi-nodejs:dynamic\/toy:Thing \(.+\):$/gm) ?? [];
  expect(headers.length).toBeGreaterThan(0);
  expect(new Set(headers).size).toBe(headers.length);
  expect(bad.printed.split("must not be bad").length - 1).toBe(headers.length);
  expect(bad.printed).not.toMatch(/failed to register new resource/);
  const refused = await t.run("up", { "toy:extra": JSON.stringify({ failCreate: "quota exceeded" }) });
  expect(refused.ok).toBe(false);
  expect(refused.error).toContain("toy: create refused: quota exceeded");
});

test("a partial failure is recorded with its id, fails the run, and the next up updates it", async () => {
  const t = toyStack();
  const r = await t.run("up", { "toy:count": "1", "toy:withParent": "false", "toy:extra": JSON.stringify({ partial: true }) });
  expect(r.ok).toBe(false);
  expect(r.error).toContain("is unhealthy");
  const state = JSON.parse(t.state()) as { resources: { id: string; initErrors?: string[] }[] };
  const recorded = state.resources.find((x) => x.initErrors);
  expect(recorded?.id).toMatch(/^thing-/);
  expect(Object.keys(t.db().things)).toEqual([recorded!.id]);
  const next = await t.run("up", { "toy:count": "1", "toy:withParent": "false" });
  expect(next.ok).toBe(true);
  expect(next.steps.find((s) => s.op === "update")).toBeDefined();
});

test("refresh: drift replaces stored inputs (shown by the next preview); a blank id removes the resource", async () => {
  const t = toyStack();
  await t.run("up", { "toy:withParent": "false", "toy:count": "2" });
  const db = t.db();
  const [a, b] = Object.keys(db.things).sort();
  db.things[a].color = "green";
  delete db.things[b];
  writeFileSync(t.dbPath, JSON.stringify(db));

  const pr = await t.run("preview-refresh", { "toy:withParent": "false", "toy:count": "2" });
  expect(pr.steps.find((s) => s.op === "refresh" && s.keys.includes("color"))).toBeDefined();
  expect(pr.steps.find((s) => s.op === "update" && s.keys.includes("color"))).toBeDefined();
  expect(pr.steps.find((s) => s.op === "create")).toBeDefined();

  const rf = await t.run("refresh");
  expect(rf.steps.filter((s) => s.gone).length).toBe(1);
  const up = await t.run("up", { "toy:withParent": "false", "toy:count": "2" });
  expect(up.steps.map((s) => s.op).sort()).toEqual(["create", "update"]);
  expect((await t.run("up", { "toy:withParent": "false", "toy:count": "2" })).summary).toMatch(/^Resources:\n {4}\d+ unchanged$/);
});

test("the engine's CLI refuses `up --refresh` (it only does `preview --refresh`) instead of ignoring it", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const cli = join(ROOT, "dist-engine", "cli.js");
  const r = spawnSync(process.execPath, [cli, "up", "--refresh", "--cwd", mkdtempSync(join(tmpdir(), "toy-engine-"))], {
    encoding: "utf8",
  });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("--refresh is supported with preview only: run refresh, then up");
});

test("a resource option the engine does not implement (protect) fails the run naming the resource", async () => {
  const t = toyStack();
  const r = await t.run("up", { "toy:count": "1", "toy:protect": "true", "toy:withParent": "false" });
  expect(r.ok).toBe(false);
  expect(r.error).toMatch(/::thing-0: the in-repo test engine does not implement protect/);
  expect(r.printed).toContain("pulumi-nodejs:dynamic/toy:Thing (thing-0):\n    error: the in-repo test engine does not implement protect");
});
