/** The `"hold"` fault mode: requests kept waiting before the service acts, until released or their deadline. */
import { untilHeld as untilHeldBy } from "../support/held-faults";
import { api, newKey, useSharedLocal } from "./helpers";

const local = useSharedLocal();
/** Waits (deadline 60 s) until the fault `id` holds `n` requests. */
const untilHeld = (id: string, n: number) => untilHeldBy(local.control, id, n, 60_000);

/** A request's promise with a flag saying whether it has answered. */
function tracked<T>(p: Promise<T>): { p: Promise<T>; answered: () => boolean } {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  return { p, answered: () => done };
}

afterEach(() => local.control.clearFaults());

test("two held creates: neither acts nor answers until the release, then both do", async () => {
  const a = api(local.url, newKey());
  const { id } = await local.control.injectFault({ operation: "createSession", mode: "hold", count: 2 });
  const before = (await local.control.sessions()).length;
  const first = tracked(a.createSession());
  const second = tracked(a.createSession());
  await untilHeld(id, 2);
  expect({ first: first.answered(), second: second.answered() }).toEqual({ first: false, second: false });
  expect(await local.control.sessions()).toHaveLength(before); // held before the service acted
  expect(await local.control.releaseHeld(id)).toEqual({ released: 2 });
  const made = await Promise.all([first.p, second.p]);
  expect(new Set(made).size).toBe(2);
  expect((await local.control.faults()).find((f) => f.id === id)).toMatchObject({ fired: 2, held: 0 });
  // The count is spent: the next request is not held.
  await a.createSession();
});

test("a release by id lets only that fault's requests go; clearFaults lets the rest go", async () => {
  const a = api(local.url, newKey());
  const sid = await a.createSession();
  const sessionHold = await local.control.injectFault({ operation: "getSessionInfo", mode: "hold" });
  const listHold = await local.control.injectFault({ operation: "ListSession", mode: "hold" });
  const info = tracked(a.post("/mcp/getSessionInfo", undefined, { sessionId: sid }));
  const list = tracked(a.get("/sdk/ListSession"));
  await untilHeld(sessionHold.id, 1);
  await untilHeld(listHold.id, 1);
  expect(await local.control.releaseHeld(listHold.id)).toEqual({ released: 1 });
  expect((await list.p).status).toBe(200);
  expect(info.answered()).toBe(false);
  await local.control.clearFaults();
  expect((await info.p).status).toBe(200);
});

test("a hold named FileUpload keeps a file-URL upload from storing until the release", async () => {
  const a = api(local.url, newKey());
  const ctx = await a.createContext("held-upload");
  const url = (await a.post("/sdk/GetContextFileUploadUrl", { contextId: ctx, filePath: "/f.txt" })).body.data.url as string;
  const { id } = await local.control.injectFault({ operation: "FileUpload", mode: "hold" });
  const put = tracked(fetch(url, { method: "PUT", body: "hello" }));
  await untilHeld(id, 1);
  expect(put.answered()).toBe(false);
  expect((await local.control.contexts()).find((c) => c.id === ctx)?.fileCount).toBe(0);
  expect(await local.control.releaseHeld()).toEqual({ released: 1 });
  expect((await put.p).status).toBe(200);
  expect((await local.control.contexts()).find((c) => c.id === ctx)?.fileCount).toBe(1);
});

test("a held request goes on by itself once its holdMs passes", async () => {
  const a = api(local.url, newKey());
  const { id } = await local.control.injectFault({ operation: "ListContexts", mode: "hold", holdMs: 300 });
  expect((await a.get("/sdk/ListContexts")).status).toBe(200);
  expect((await local.control.faults()).find((f) => f.id === id)).toMatchObject({ fired: 1, held: 0 });
  expect(await local.control.releaseHeld()).toEqual({ released: 0 });
});

test("holdMs out of range and a release id that is not a string are refused, naming the field", async () => {
  await expect(local.control.injectFault({ operation: "getSession", mode: "hold", holdMs: 0 })).rejects.toThrow(/holdMs/);
  await expect(local.control.injectFault({ operation: "getSession", mode: "hold", holdMs: 600_001 })).rejects.toThrow(/holdMs/);
  const r = await fetch(`${local.url}/_local/faults/release`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: 7 }),
  });
  expect(r.status).toBe(400);
  expect(await r.text()).toMatch(/id:/);
});
