/**
 * The drift operations of the control API (`POST /_local/drift/...`, docs/agb-local.md "Making
 * drift"): a session's labels changed key by key (the provider's own labels kept), a session
 * released, a context renamed, each as the wire operation would do it, and bad requests refused
 * with the field and the reason.
 */
import { api, newKey, useSharedLocal } from "./helpers";

const local = useSharedLocal();

async function control(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`${local.url}/_local/drift/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: r.status, body: await r.json() };
}

const labelsOf = async (sessionId: string) => (await local.control.sessions()).find((s) => s.sessionId === sessionId)?.labels;

test("session-labels sets and removes only the keys it names; the provider's labels stay", async () => {
  const a = api(local.url, newKey());
  const sid = await a.createSession({ labels: JSON.stringify({ team: "ml", stage: "one", "pulumi-agb-token": "t-1" }) });
  const r = await control("session-labels", { sessionId: sid, labels: { team: "drifted", stage: null, extra: "x" } });
  expect(r.status).toBe(200);
  expect(await labelsOf(sid)).toEqual({ team: "drifted", extra: "x", "pulumi-agb-token": "t-1" });
  // What the wire answers afterwards: GetLabel sees the same labels.
  const got = await a.get("/sdk/GetLabel", { sessionId: sid });
  expect(JSON.parse(got.body.data.labels)).toEqual({ team: "drifted", extra: "x", "pulumi-agb-token": "t-1" });
});

test("release-session releases as releaseSessionAsync does; a released session takes no label change", async () => {
  const a = api(local.url, newKey());
  const sid = await a.createSession();
  expect((await control("release-session", { sessionId: sid })).status).toBe(200);
  expect(await a.status(sid)).not.toBe("RUNNING");
  const again = await control("session-labels", { sessionId: sid, labels: { team: "x" } });
  expect(again.status).toBe(404);
  expect(again.body.error).toContain(sid);
});

test("rename-context renames as ModifyContext does, and refuses a name another context has", async () => {
  const a = api(local.url, newKey());
  const first = await a.createContext("drift-first");
  await a.createContext("drift-second");
  expect((await control("rename-context", { contextId: first, name: "drift-renamed" })).status).toBe(200);
  expect((await local.control.contexts()).find((c) => c.id === first)?.name).toBe("drift-renamed");
  const clash = await control("rename-context", { contextId: first, name: "drift-second" });
  expect(clash.status).toBe(400);
  expect(clash.body.error).toMatch(/name: .*already exists/);
});

test("bad requests name the field and the reason; unknown ids and operations are 404", async () => {
  expect(await control("session-labels", { labels: { a: "b" } })).toEqual({
    status: 400,
    body: { error: "sessionId: must be a non-empty string" },
  });
  expect((await control("session-labels", { sessionId: "s-none", labels: {} })).body.error).toMatch(/^labels: must be a map/);
  expect(await control("session-labels", { sessionId: "s-none", labels: { a: "b" } })).toEqual({
    status: 404,
    body: { error: "sessionId: no session s-none" },
  });
  expect(await control("rename-context", { contextId: "SdkCtx-none", name: "x" })).toEqual({
    status: 404,
    body: { error: "contextId: no context SdkCtx-none" },
  });
  const unknown = await control("delete-everything", {});
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toContain("POST /_local/drift/session-labels");
});
