/** agb-local's `statusCase` option: statuses answered in another casing; bad values refused. */
import { api, newKey, syncEntry, useSharedLocal } from "./helpers";

const local = useSharedLocal();

test("statusCase changes the casing of session and task statuses on the wire, nothing else", async () => {
  const a = api(local.url, newKey());
  const ctx = await a.createContext("c");
  await local.control.setTiming({ statusCase: "pascal", createSyncMs: 0 });
  const id = await a.createSession({ persistenceDataList: [syncEntry(ctx, "/home/p")] });
  expect(await a.status(id)).toBe("Running");
  expect((await a.get("/sdk/ListSession", { maxResults: "10", labels: "{}" })).body.data).toEqual([
    { sessionId: id, sessionStatus: "Running" },
  ]);
  expect((await a.tasks({ sessionId: id })).map((t) => [t.status, t.taskType])).toEqual([["Success", "download"]]);
  await local.control.setTiming({ statusCase: "upper" });
  expect((await a.tasks({ sessionId: id })).map((t) => t.status)).toEqual(["SUCCESS"]);
  await local.control.setTiming({ statusCase: "lower" });
  expect(await a.status(id)).toBe("running");
  await local.control.setTiming({ statusCase: "native" });
  expect(await a.status(id)).toBe("RUNNING");
  // The control API reports the model's own casing.
  expect((await local.control.sessions()).map((s) => s.status)).toEqual(["RUNNING"]);
});

test("an unknown statusCase is refused, naming the field", async () => {
  await expect(local.control.setTiming({ statusCase: "camel" as never })).rejects.toThrow(
    /statusCase: must be one of native, upper, pascal, lower/,
  );
});
