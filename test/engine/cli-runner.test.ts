/**
 * The real-CLI runner's command construction and event reading, checked against a stand-in
 * `pulumi` on the PATH (fixtures/fake-pulumi.js) that records every call: no Pulumi CLI exists on
 * this machine, so this is what pins the flags, the environment and the handling of the API key.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliRunner, EXAMPLES, engine, idsInState } from "./harness";

const KEY = "cli-runner-key-5150";
const SESSION = "pulumi-nodejs:dynamic/agb:Session";
const CONTEXT = "pulumi-nodejs:dynamic/agb:Context";
const urn = (type: string, name: string) => `urn:pulumi:e2e::agb-quickstart::${type}::${name}`;
const state = (type: string, name: string, id: string, inputs: object, outputs: object = inputs) => ({
  type,
  urn: urn(type, name),
  id,
  inputs,
  outputs,
});
const step = (op: string, type: string, name: string, extra: object = {}) => ({ op, urn: urn(type, name), type, provider: "", ...extra });
const line = (seq: number, kind: string, metadata: object) => JSON.stringify({ sequence: seq, timestamp: 0, [kind]: { metadata } });

let dir: string;
let env: NodeJS.ProcessEnv;
let calls: () => { argv: string[]; stdin: string; backend: string; passphrase: string }[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "fake-pulumi-"));
  symlinkSync(join(__dirname, "fixtures", "fake-pulumi.js"), join(dir, "pulumi"));
  const events = join(dir, "events");
  require("node:fs").mkdirSync(events);
  const old = state(SESSION, "sandbox", "s-1", { imageId: "a", labels: { team: "x" } });
  writeFileSync(
    join(events, "up.jsonl"),
    [
      line(1, "resourcePreEvent", step("create", "pulumi:providers:pulumi-nodejs", "default")),
      line(2, "resourcePreEvent", step("create", "pulumi:pulumi:Stack", "agb-quickstart-e2e")),
      line(
        3,
        "resourcePreEvent",
        step("same", CONTEXT, "work", {
          old: state(CONTEXT, "work", "c-1", { name: "n" }),
          new: state(CONTEXT, "work", "c-1", { name: "n" }),
        }),
      ),
      line(4, "resourcePreEvent", step("update", SESSION, "sandbox", { old })),
      // The dynamic provider reports no changed keys: they come from old and new inputs.
      line(
        5,
        "resOutputsEvent",
        step("update", SESSION, "sandbox", { old, new: state(SESSION, "sandbox", "s-1", { imageId: "a", labels: { team: "y" } }) }),
      ),
      line(6, "resOutputsEvent", step("create", "pulumi:pulumi:Stack", "agb-quickstart-e2e")),
      JSON.stringify({ sequence: 7, summaryEvent: { resourceChanges: { update: 1, same: 1, create: 1 } } }),
      '{"sequence": 8, "torn',
    ].join("\n"),
  );
  writeFileSync(
    join(events, "preview-refresh.jsonl"),
    [
      line(
        1,
        "resOutputsEvent",
        step("refresh", SESSION, "sandbox", { old, new: state(SESSION, "sandbox", "s-1", { imageId: "a", labels: { team: "drifted" } }) }),
      ),
      line(2, "resOutputsEvent", step("refresh", CONTEXT, "gone", { old: state(CONTEXT, "gone", "c-9", { name: "g" }), new: null })),
      line(
        3,
        "resOutputsEvent",
        step("refresh", CONTEXT, "work", {
          old: state(CONTEXT, "work", "c-1", { name: "n" }),
          new: state(CONTEXT, "work", "c-1", { name: "n" }),
        }),
      ),
      line(4, "resourcePreEvent", step("create-replacement", SESSION, "sandbox", { keys: ["imageId"] })),
      line(5, "resourcePreEvent", step("replace", SESSION, "sandbox", { keys: ["imageId"], diffs: ["imageId", "labels"] })),
      line(6, "resourcePreEvent", step("delete-replaced", SESSION, "sandbox")),
    ].join("\n"),
  );
  const log = join(dir, "calls.jsonl");
  env = {
    ...process.env,
    PATH: `${dir}:${process.env.PATH}`,
    FAKE_PULUMI_LOG: log,
    FAKE_PULUMI_EVENTS: events,
    PULUMI_CONFIG_PASSPHRASE: "",
  };
  delete env.PULUMI_CONFIG_PASSPHRASE;
  calls = () =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a stand-in pulumi on the PATH is found", () => {
  expect(engine.pulumiOnPath(env)).toBe(true);
  expect(engine.pulumiOnPath({ ...env, PATH: "/nonexistent" })).toBe(false);
});

test("stack, config and operations: file backend, passphrase, the API key only on stdin", async () => {
  const r = new CliRunner(EXAMPLES[0], "http://127.0.0.1:1234", KEY, { env });
  try {
    r.config = { imageId: "agb-code-space-2" };
    const up = await r.run("up", { expectNoChanges: false });
    // Steps as the engine records them: provider resources left out, keys from the inputs.
    expect(up.steps.map((s) => [s.op, s.name])).toEqual([
      ["create", "agb-quickstart-e2e"],
      ["same", "work"],
      ["update", "sandbox"],
    ]);
    expect(up.steps[2].keys).toEqual(["labels"]);
    expect(up.summary).toBe("Resources:\n    + 1 created\n    ~ 1 updated\n    2 changes. 1 unchanged");

    r.config = { imageId: "agb-code-space-2", labels: '{"team":"y"}' };
    const pr = await r.run("preview-refresh");
    expect(pr.steps).toEqual([
      expect.objectContaining({ op: "refresh", name: "sandbox", keys: ["labels"] }),
      expect.objectContaining({ op: "refresh", name: "gone", gone: true }),
      expect.objectContaining({ op: "replace", name: "sandbox", keys: ["imageId"] }),
    ]);
    await r.run("up", { expectNoChanges: true });
    await r.run("destroy", { expectNoChanges: true });

    const seen = calls();
    const argvs = seen.map((c) => c.argv);
    const words = argvs.map((a) =>
      a
        .filter((x) => !x.startsWith("-"))
        .slice(0, 2)
        .join(" "),
    );
    expect(words[0]).toBe("stack select");
    expect(argvs[0]).toEqual(expect.arrayContaining(["--create", "--stack", "e2e"]));
    // Config is set once, then only what changed.
    const setAll = argvs.filter((a) => a[1] === "set-all");
    expect(setAll.length).toBe(2);
    expect(setAll[0]).toEqual(
      expect.arrayContaining([
        "--plaintext",
        "agb:endpoint=http://127.0.0.1:1234",
        "--plaintext",
        "agb-quickstart:imageId=agb-code-space-2",
      ]),
    );
    expect(setAll[1].filter((x) => x.includes("="))).toEqual(['agb-quickstart:labels={"team":"y"}']);
    const secret = seen.filter((c) => c.argv[1] === "set" && c.argv.includes("--secret"));
    expect(secret.length).toBe(1);
    expect(secret[0].argv).toEqual(expect.arrayContaining(["agb:apiKey", "--stack", "e2e"]));
    expect(secret[0].stdin).toBe(KEY);
    for (const c of seen) {
      expect(c.argv.join(" ")).not.toContain(KEY);
      expect(c.backend).toMatch(/^file:\/\//);
      expect(c.passphrase).toBeTruthy();
      expect(c.argv).toEqual(expect.arrayContaining(["--non-interactive", "--cwd", r.workDir]));
    }
    const ops = argvs.filter((a) => a.includes("--event-log"));
    expect(ops.map((a) => a.slice(0, a.indexOf("--stack")))).toEqual([
      ["up", "--yes", "--skip-preview"],
      ["preview", "--refresh"],
      ["up", "--yes", "--skip-preview"],
      ["destroy", "--yes", "--skip-preview"],
    ]);
    expect(ops[2]).toContain("--expect-no-changes");
    expect(ops[3]).not.toContain("--expect-no-changes"); // destroy has no such flag
    // State through `stack export`: pending deletes are not live.
    expect(await idsInState(r, "Session")).toEqual(["s-new"]);
    expect(await r.outputs()).toEqual({ contextId: "ctx-1", token: "[secret]" });
    expect(r.printed.join("\n")).not.toContain(KEY);
    // The checked-in example is untouched: the CLI worked in a copy.
    expect(r.workDir).toContain(".e2e-cli");
  } finally {
    await r.close();
  }
});

test("a failing command fails the run with the engine's error diagnostic", async () => {
  const r = new CliRunner(EXAMPLES[0], "http://127.0.0.1:1234", KEY, { env: { ...env, FAKE_PULUMI_FAIL: "up" } });
  try {
    await expect(r.run("up")).rejects.toThrow(/pulumi up failed: boom: the provider said no/);
  } finally {
    await r.close();
  }
});
