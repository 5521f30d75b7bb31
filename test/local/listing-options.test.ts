/**
 * agb-local's listing options (docs/agb-local.md, Timing): `listLagMs` keeps a new session out of
 * ListSession for a while, `listHidesPending` keeps PENDING sessions out; both off by default.
 */
import { api, newKey, useSharedLocal } from "./helpers";

const local = useSharedLocal();

const listed = async (a: ReturnType<typeof api>): Promise<string[]> =>
  ((await a.get("/sdk/ListSession")).body.data as Array<{ sessionId: string }>).map((s) => s.sessionId);

test("both options are off by default: a new PENDING session is listed at once", async () => {
  expect(await local.control.config()).toMatchObject({ listLagMs: 0, listHidesPending: false });
  await local.control.setTiming({ createPendingMs: 5000 });
  const a = api(local.url, newKey());
  const id = await a.createSession();
  expect(await listed(a)).toEqual([id]);
});

test("listLagMs: invisible to ListSession until the lag has passed, visible to getSession at once", async () => {
  await local.control.setTiming({ listLagMs: 2000 });
  const a = api(local.url, newKey());
  const id = await a.createSession();
  expect({ listed: await listed(a), status: await a.status(id) }).toEqual({ listed: [], status: "RUNNING" });
  await local.control.advanceClock(2000);
  expect(await listed(a)).toEqual([id]);
});

test("listHidesPending: a PENDING session is listed only once it is RUNNING", async () => {
  await local.control.setTiming({ listHidesPending: true, createPendingMs: 3000 });
  const a = api(local.url, newKey());
  const id = await a.createSession();
  expect({ listed: await listed(a), status: await a.status(id) }).toEqual({ listed: [], status: "PENDING" });
  await local.control.advanceClock(3000);
  expect(await listed(a)).toEqual([id]);
});

test("bad values are refused naming the field", async () => {
  await expect(local.control.setTiming({ listHidesPending: "yes" as unknown as boolean })).rejects.toThrow(
    /listHidesPending: must be true or false/,
  );
  await expect(local.control.setTiming({ listLagMs: -1 })).rejects.toThrow(/listLagMs: must be a number >= 0/);
});
