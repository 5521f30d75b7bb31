/** agb-local pages GetLabel like ListSession: maxResults (default 10), nextToken inside `data`. */
import { api, newKey, useSharedLocal } from "./helpers";

const local = useSharedLocal();

test("GetLabel pages by sorted key; following nextToken yields every label once", async () => {
  const a = api(local.url, newKey());
  const labels: Record<string, string> = {};
  for (let i = 0; i < 23; i++) labels[`key-${String(i).padStart(2, "0")}`] = `v${i}`;
  const id = await a.createSession({ labels: JSON.stringify(labels) });

  const first = (await a.get("/sdk/GetLabel", { sessionId: id })).body.data;
  expect(Object.keys(JSON.parse(first.labels))).toHaveLength(10);
  expect(first).toMatchObject({ count: 23, maxResults: 10 });
  expect(first.nextToken).not.toBe("");

  const seen: Record<string, string> = {};
  let token: string | undefined;
  let pages = 0;
  do {
    const data = (await a.get("/sdk/GetLabel", { sessionId: id, maxResults: "7", ...(token ? { nextToken: token } : {}) })).body.data;
    Object.assign(seen, JSON.parse(data.labels));
    token = data.nextToken || undefined;
    pages++;
  } while (token);
  expect({ pages, seen }).toEqual({ pages: 4, seen: labels });
});

test("a bad nextToken or maxResults is an InvalidParameter naming it", async () => {
  const a = api(local.url, newKey());
  const id = await a.createSession({ labels: JSON.stringify({ a: "1" }) });
  expect((await a.get("/sdk/GetLabel", { sessionId: id, nextToken: "bogus" })).body).toMatchObject({ code: "InvalidParameter" });
  expect((await a.get("/sdk/GetLabel", { sessionId: id, maxResults: "0" })).body.message).toContain("maxResults");
});
