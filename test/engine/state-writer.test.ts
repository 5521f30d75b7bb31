/**
 * The engine's state persistence without a program: coalesced writes (one in flight, the latest
 * snapshot wins, flush surfaces failures), secrets encrypted once and never written in plain text,
 * and deletes in reverse dependency order without waves.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ResourceState, StackState } from "../../dist-engine";

const ROOT = resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require(join(ROOT, "dist-engine")) as typeof import("../../dist-engine");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StateWriter } = require(join(ROOT, "dist-engine", "state-writer")) as typeof import("../../dist-engine/state-writer");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deleteInReverseOrder } = require(join(ROOT, "dist-engine", "resource-graph")) as typeof import("../../dist-engine/resource-graph");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Semaphore } = require(join(ROOT, "dist-engine", "semaphore")) as typeof import("../../dist-engine/semaphore");

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: string) => ({ [SIG]: SECRET, value });

function resource(name: string, extra: Partial<ResourceState> = {}): ResourceState {
  return {
    urn: `urn:pulumi:s::p::t::${name}`,
    type: "t",
    name,
    custom: true,
    id: `id-${name}`,
    parent: "",
    inputs: { token: secret(`plain-${name}`) },
    outputs: { token: secret(`plain-${name}`), n: 1 },
    dependencies: [],
    additionalSecretOutputs: [],
    ...extra,
  };
}

const stack = (resources: ResourceState[]): StackState => ({
  version: 1,
  project: "p",
  stack: "s",
  resources,
  outputs: { out: secret("plain-out") },
});

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "state-writer-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("many marks: one write in flight at a time, the latest snapshot ends on disk", async () => {
  const store = new engine.StateStore(dir, "s");
  let inFlight = 0;
  let maxInFlight = 0;
  let writes = 0;
  const save = store.saveAsync.bind(store);
  store.saveAsync = async (s: StackState) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    writes++;
    try {
      await save(s);
    } finally {
      inFlight--;
    }
  };
  const writer = new StateWriter(store);
  const resources: ResourceState[] = [];
  for (let i = 0; i < 200; i++) {
    resources.push(resource(`r${i}`));
    const snap = stack([...resources]);
    writer.mark(() => snap);
    if (i % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  await writer.flush();
  expect(maxInFlight).toBe(1);
  expect(writes).toBeLessThan(200);
  const loaded = store.load("p", "s");
  expect(loaded.resources.length).toBe(200);
  expect(loaded.resources[199].outputs.token).toEqual(secret("plain-r199"));
  expect(readFileSync(store.path, "utf8")).not.toContain("plain-");
});

test("an unchanged secret keeps its ciphertext across writes and runs; a changed one is re-encrypted", () => {
  const store = new engine.StateStore(dir, "s");
  const a = resource("a");
  store.save(stack([a]));
  const first = readFileSync(store.path, "utf8");
  store.save(stack([{ ...a }])); // a new object with the same values
  expect(readFileSync(store.path, "utf8")).toBe(first);
  const again = new engine.StateStore(dir, "s");
  const loaded = again.load("p", "s");
  again.save(loaded);
  expect(readFileSync(store.path, "utf8")).toBe(first);
  again.save(stack([{ ...loaded.resources[0], outputs: { token: secret("plain-changed"), n: 1 } }]));
  const changed = readFileSync(store.path, "utf8");
  expect(changed).not.toBe(first);
  expect(changed).not.toContain("plain-");
  expect(again.load("p", "s").resources[0].outputs.token).toEqual(secret("plain-changed"));
});

test("flush reports a failed write", async () => {
  const store = new engine.StateStore(join(dir, "gone"), "s");
  rmSync(join(dir, "gone"), { recursive: true });
  const writer = new StateWriter(store);
  writer.mark(() => stack([]));
  await expect(writer.flush()).rejects.toThrow(/cannot write the state file/);
});

test("deletes: dependents first, each delete starts when its last dependent is gone", async () => {
  // b depends on a, c is a child of b; x is independent; y depends on x and stays busy until a is gone.
  const a = resource("a");
  const b = resource("b", { dependencies: [a.urn] });
  const c = resource("c", { parent: b.urn });
  const x = resource("x");
  const y = resource("y", { dependencies: [x.urn] });
  const order: string[] = [];
  let aGone!: () => void;
  const aGonePromise = new Promise<void>((r) => (aGone = r));
  const del = async (r: ResourceState) => {
    order.push(`start ${r.name}`);
    // Deleting in waves would never start a while y runs: y gives up after its deadline.
    if (r.name === "y") await Promise.race([aGonePromise, new Promise((res) => setTimeout(res, 2000))]);
    else await new Promise((res) => setImmediate(res));
    order.push(`end ${r.name}`);
    if (r.name === "a") aGone();
  };
  await deleteInReverseOrder([a, b, c, x, y], del, new Semaphore(4));
  const at = (s: string) => order.indexOf(s);
  expect(at("start b")).toBeGreaterThan(at("end c"));
  expect(at("start a")).toBeGreaterThan(at("end b"));
  expect(at("start x")).toBeGreaterThan(at("end y"));
  expect(at("end a")).toBeLessThan(at("end y"));
});

test("deletes: the first failure stops new deletes and is rethrown", async () => {
  const a = resource("a");
  const b = resource("b", { dependencies: [a.urn] });
  const seen: string[] = [];
  const del = async (r: ResourceState) => {
    seen.push(r.name);
    if (r.name === "b") throw new Error("b refused");
  };
  await expect(deleteInReverseOrder([a, b], del, new Semaphore(2))).rejects.toThrow("b refused");
  expect(seen).toEqual(["b"]);
});
