/**
 * The lookups (agb.getSessions / getSession / getContext / getContexts) against agb-local over
 * loopback HTTP, configured the way a program is: stack config `agb:endpoint` / `agb:apiKey`.
 */
import * as pulumi from "@pulumi/pulumi";
import { AgbClient } from "../../dist/client";
import { startAgbLocal } from "../../dist/local";
import type { AgbLocal } from "../../dist/local";
import * as agb from "../../dist";
import { resetConfigForTests } from "../../dist/config";

jest.setTimeout(60_000);

const KEY = "akm-lookup-test-key-93c1e7";
let local: AgbLocal;
let api: AgbClient;

beforeAll(async () => {
  local = await startAgbLocal({ port: 0, quiet: true });
  api = new AgbClient({ apiKey: KEY, endpoint: local.url });
});
afterAll(async () => {
  await local.close();
});
beforeEach(async () => {
  await local.control.reset();
  resetConfigForTests();
  pulumi.runtime.setAllConfig({ "agb:endpoint": local.url, "agb:apiKey": KEY }, ["agb:apiKey"]);
});

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

/** An Output's value and secretness (Outputs made outside a deployment still resolve). */
async function settle<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  const internal = o as unknown as { promise(): Promise<T>; isSecret: Promise<boolean> };
  return { value: await internal.promise(), secret: await internal.isSecret };
}

const managed = (project: string, stack: string) => ({
  "pulumi-agb-project": project,
  "pulumi-agb-stack": stack,
  "pulumi-agb-token": `t-${project}-${stack}`,
});

test("getSessions: every page, a label subset filter that needs no managed labels, managedBy and status", async () => {
  const mine: string[] = [];
  for (let i = 0; i < 55; i++) {
    const s = await api.createSession({
      imageId: "agb-code-space-1",
      labels: { team: "ml", n: String(i), ...managed("proj", i % 2 ? "dev" : "prod") },
    });
    mine.push(s.sessionId);
  }
  const other = await api.createSession({ imageId: "agb-code-space-1", labels: { team: "web", ...managed("other", "dev") } });

  const all = await agb.getSessions();
  expect(all.sessionIds).toEqual([...mine, other.sessionId].sort()); // more than one ListSession page (50 each)

  const ml = await agb.getSessions({ labels: { team: "ml" } });
  expect(ml.sessionIds).toEqual([...mine].sort());
  expect(ml.sessions.every((s) => s.status === "RUNNING")).toBe(true);

  const dev = await agb.getSessions({ managedBy: { project: "proj", stack: "dev" } });
  expect(dev.sessionIds).toEqual(mine.filter((_, i) => i % 2 === 1).sort());
  expect((await agb.getSessions({ managedBy: { stack: "dev" } })).sessionIds).toEqual([...dev.sessionIds, other.sessionId].sort());

  await api.releaseSessionAsync(mine[0]);
  expect((await agb.getSessions({ labels: { team: "ml" }, status: "running" })).sessionIds).not.toContain(mine[0]);
  expect((await agb.getSessions({ labels: { team: "nobody" } })).sessionIds).toEqual([]);
});

test("getSessions: bad arguments are refused before any call, naming the argument", async () => {
  const before = (await local.control.counters()).requests;
  expect((await errorOf(agb.getSessions({ labels: { team: "" } }))).message).toMatch(/^agb\.getSessions: labels\.team: must not be empty/);
  expect((await errorOf(agb.getSessions({ managedBy: {} }))).message).toMatch(/^agb\.getSessions: managedBy: give project, stack or both/);
  expect((await errorOf(agb.getSessions({ lables: { a: "b" } } as never))).message).toMatch(/^agb\.getSessions: lables: unknown argument/);
  expect((await errorOf(agb.getSessions({ status: 3 } as never))).message).toMatch(/^agb\.getSessions: status: must be a non-empty string/);
  expect((await local.control.counters()).requests).toEqual(before);
});

test("getSession: details and user labels; resourceUrl and token are secret in both forms; unknown id names sessionId", async () => {
  const s = await api.createSession({ imageId: "agb-code-space-1", labels: { team: "ml", ...managed("p", "s") } });
  const found = await agb.getSession({ sessionId: s.sessionId });
  expect(found).toMatchObject({ sessionId: s.sessionId, status: "RUNNING", labels: { team: "ml" } });
  expect(found.resourceId).toBeTruthy();
  const url = await settle(found.resourceUrl);
  expect(url.secret).toBe(true);
  expect(url.value).toContain("authCode=");
  expect((await settle(found.token)).secret).toBe(true);

  const viaOutput = await settle(agb.getSessionOutput({ sessionId: pulumi.output(s.sessionId) }));
  expect(viaOutput.secret).toBe(true);
  expect(viaOutput.value.sessionId).toBe(s.sessionId);
  expect(viaOutput.value.resourceUrl).toContain("authCode=");

  const missing = await errorOf(agb.getSession({ sessionId: "s-doesnotexist" }));
  expect(missing.message).toBe(`agb.getSession: sessionId: no active session "s-doesnotexist" on ${local.url}`);
  expect((await errorOf(agb.getSession({ sessionId: " " }))).message).toBe("agb.getSession: sessionId: must not be empty");
});

test("getContext by name or id, getContexts lists every context; errors name the argument", async () => {
  const a = await api.getContext({ name: "alpha", allowCreate: true });
  const b = await api.getContext({ name: "beta", allowCreate: true });
  expect(await agb.getContext({ name: "alpha" })).toMatchObject({ contextId: a.id, name: "alpha", state: "available" });
  expect(await agb.getContext({ contextId: b.id })).toMatchObject({ contextId: b.id, name: "beta" });
  expect((await settle(agb.getContextOutput({ name: pulumi.output("beta") }))).value.contextId).toBe(b.id);

  const listed = await agb.getContexts();
  expect(listed.names).toEqual(["alpha", "beta"]);
  expect(listed.contextIds).toEqual([a.id, b.id]);

  expect((await errorOf(agb.getContext({ name: "gamma" }))).message).toBe(`agb.getContext: name: no context named "gamma" on ${local.url}`);
  expect((await errorOf(agb.getContext({ contextId: "SdkCtx-nope" }))).message).toMatch(
    /^agb\.getContext: contextId: no context with id "SdkCtx-nope"/,
  );
  expect((await errorOf(agb.getContext({ name: "alpha", contextId: a.id } as never))).message).toMatch(
    /^agb\.getContext: name \/ contextId: give only one/,
  );
  expect((await errorOf(agb.getContext({} as never))).message).toMatch(/^agb\.getContext: name \/ contextId: give one of them/);
  // The context was only looked up: nothing named gamma was created.
  expect((await agb.getContexts()).names).toEqual(["alpha", "beta"]);
});

test("stack config wins over the environment, the environment fills in, no error shows the API key", async () => {
  const saved = { ...process.env };
  try {
    process.env.AGB_ENDPOINT = "http://127.0.0.1:9"; // nothing listens there
    process.env.AGB_API_KEY = "env-key-should-not-be-used";
    await api.getContext({ name: "seen", allowCreate: true });
    expect((await agb.getContexts()).names).toEqual(["seen"]);

    // agb-local keeps one account per key: another key in stack config sees none of KEY's contexts,
    // although the environment holds KEY.
    process.env.AGB_API_KEY = KEY;
    pulumi.runtime.setAllConfig({ "agb:endpoint": local.url, "agb:apiKey": "akm-other-key-7f7f" }, ["agb:apiKey"]);
    expect((await agb.getContexts()).names).toEqual([]);
    const err = await errorOf(agb.getContext({ name: "seen" }));
    expect(err.message).toMatch(/^agb\.getContext: name: no context named "seen"/);
    expect(err.message).not.toContain("akm-other-key-7f7f");
    // A key that is only in the environment is used when stack config has none.
    pulumi.runtime.setAllConfig({ "agb:endpoint": local.url }, []);
    process.env.AGB_API_KEY = KEY;
    expect((await agb.getContexts()).names).toEqual(["seen"]);
  } finally {
    process.env = saved;
  }
});
