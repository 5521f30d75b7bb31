/** Context handlers against agb-local over real HTTP: create/adopt, rename, drift, guarded delete. */
import { forgetHoldsForTests } from "../../dist/resources/shared/held-in-process";
import {
  configureFor,
  contextInputs,
  contextProvider as cp,
  directClient,
  errorOf,
  useHandlerLocal,
  withProvider,
} from "../support/handler-helpers";

const local = useHandlerLocal();

async function putFile(contextId: string, path: string): Promise<void> {
  const { url } = await directClient(local.url).getContextFileUploadUrl(contextId, path);
  const res = await fetch(url, { method: "PUT", body: "hello" });
  expect(res.ok).toBe(true);
}

test("create, refuse a taken name, adopt it with adoptExisting", async () => {
  const inputs = await contextInputs({ name: "data" });
  const { id, outs } = await cp.create(inputs);
  expect(outs).toMatchObject({ contextId: id, name: "data", adoptExisting: false, forceDestroy: false, endpoint: local.url });
  forgetHoldsForTests(); // what follows plays later deployments (another provider process)
  const taken = await errorOf(cp.create(inputs));
  expect(taken.message).toMatch(/already exists/);
  expect(taken.message).toMatch(/adoptExisting: true/);
  const adopted = await cp.create(await contextInputs({ name: "data", adoptExisting: true }));
  expect(adopted.id).toBe(id);
  expect((await local.control.contexts()).length).toBe(1);
});

test("rename in place; out-of-band rename and deletion show on read", async () => {
  const inputs = await contextInputs({ name: "a" });
  const { id, outs } = await cp.create(inputs);
  const news = await contextInputs({ name: "b" });
  const state = withProvider(outs, inputs);
  expect(await cp.diff(id, state, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  const upd = await cp.update(id, state, news);
  expect(upd.outs).toMatchObject({ contextId: id, name: "b" });
  expect((await local.control.contexts())[0].name).toBe("b");

  await directClient(local.url).modifyContext(id, "renamed-elsewhere");
  const read = await cp.read(id, withProvider(upd.outs, news));
  expect(read.id).toBe(id);
  expect(read.inputs).toMatchObject({ name: "renamed-elsewhere" });
  expect((await cp.diff(id, read.props!, news)).changes).toBe(true);

  await directClient(local.url).deleteContext(id);
  expect((await cp.read(id, withProvider(upd.outs, news))).id).toBe("");
  await cp.delete(id, withProvider(upd.outs, news)); // already gone: success
});

test("delete refuses while files remain unless forceDestroy", async () => {
  const inputs = await contextInputs({ name: "files" });
  const { id, outs } = await cp.create(inputs);
  await putFile(id, "/notes/a.txt");
  const err = await errorOf(cp.delete(id, withProvider(outs, inputs)));
  expect(err.message).toMatch(/still holds 1 file/);
  expect(err.message).toMatch(/forceDestroy: true/);
  expect((await local.control.contexts()).length).toBe(1);
  await cp.delete(id, withProvider({ ...outs, forceDestroy: true }, inputs));
  expect((await local.control.contexts()).length).toBe(0);
});

test("backend mismatch refuses and names both endpoints", async () => {
  const inputs = await contextInputs({ name: "x" });
  const { id, outs } = await cp.create(inputs);
  const err = await errorOf(cp.delete(id, withProvider({ ...outs, endpoint: "https://sdk-api.agb.cloud" }, inputs)));
  expect(err.message).toContain("https://sdk-api.agb.cloud");
  expect(err.message).toContain(local.url);
  expect((await local.control.contexts()).length).toBe(1);
});

test("ambiguous delete (reset before or after the commit) is resolved by a lookup: gone, nothing left", async () => {
  for (const mode of ["commit-then-drop", "reset"] as const) {
    const inputs = await contextInputs({ name: `amb-${mode}` });
    const { id, outs } = await cp.create(inputs);
    const before = (await local.control.counters()).requests.DeleteContext ?? 0;
    await local.control.injectFault({ operation: "DeleteContext", mode, count: 1 });
    await cp.delete(id, withProvider(outs, inputs));
    expect((await local.control.contexts()).map((c) => c.id)).not.toContain(id);
    // commit-then-drop: the lookup finds it gone (1 delete); reset: it is still there, so deleted again (2).
    const deletes = ((await local.control.counters()).requests.DeleteContext ?? 0) - before;
    expect({ mode, deletes }).toEqual({ mode, deletes: mode === "reset" ? 2 : 1 });
  }
});

test("a wrong endpoint (unknown API action) fails read and delete; it never reads as 'gone'", async () => {
  const wrong = `${local.url}/not-the-agb-api`; // agb-local answers 404 InvalidAction.NotFound there
  const inputs = await contextInputs({ name: "kept" });
  const { id, outs } = await cp.create(inputs);
  await configureFor(wrong);
  const state = withProvider({ ...outs, endpoint: wrong }, inputs);
  const readErr = await errorOf(cp.read(id, state));
  expect(readErr.message).toMatch(/InvalidAction/);
  const deleteErr = await errorOf(cp.delete(id, state));
  expect(deleteErr.message).toMatch(/InvalidAction/);
  expect((await local.control.contexts()).map((c) => c.id)).toEqual([id]);
});

test("create and update parse their inputs first: a malformed field is named and nothing reaches AGB", async () => {
  const fp = await import("../../dist/providers/context-file");
  const inputs = await contextInputs({ name: "parsed" });
  const { id, outs } = await cp.create(inputs);
  const before = (await local.control.logs()).length;
  const badContext = await errorOf(cp.update(id, withProvider(outs, inputs), { ...inputs, name: 42 }));
  expect(badContext.message).toMatch(/^Context .* update: the inputs do not parse \(name: /);
  const badCreate = await errorOf(cp.create({ ...inputs, name: ["x"] }));
  expect(badCreate.message).toMatch(/^Context create: the inputs do not parse \(name: /);
  const badFile = await errorOf(fp.create({ contextId: id, path: 7, content: "hello" }));
  expect(badFile.message).toMatch(/^ContextFile create: the inputs do not parse \(path: must be a string\)/);
  const badUpdate = await errorOf(
    fp.update(`${id}:/a.txt`, { contextId: id, path: "/a.txt", sha256: "x" }, { contextId: id, path: "/a.txt", source: 3 }),
  );
  expect(badUpdate.message).toMatch(/^ContextFile .* update: the inputs do not parse \(source: must be a string\)/);
  expect((await local.control.logs()).length).toBe(before);
});
