/**
 * Issue 9 item 1, through the real dynamic provider host: a session belongs to exactly one resource.
 * The engine's call orders are replayed as pulumi/pulumi's step generator makes them: a targeted
 * replace (`pulumi up --replace <urn>`) is Check with no olds, Create, then Delete of the old, and no
 * Diff (pkg/resource/deploy/step_generator.go, `isTargetedReplace`).
 */
import { SESSION_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import type { HostDriver } from "../../dist-engine/host-driver";
import { AgbClient } from "../../dist/client";
import { claimCreatedSession } from "../../dist/dynamic/claim";
import { useHostAndLocal } from "../support/host-fixture";

const KEY = "akm-ownership-test-key-4c2b9e";
const TYPE = "pulumi-nodejs:dynamic/agb:Session";
const urnUnder = (parentType: string | undefined, name: string) =>
  `urn:pulumi:test::proj::${parentType ? `${parentType}$` : ""}${TYPE}::${name}`;

const fixture = useHostAndLocal({ apiKey: KEY });

/** A provider host as one `pulumi up` starts it (a new process per operation). */
function startHost(): Promise<HostDriver> {
  return fixture.startHost();
}

/** What the Session class does in the program once the engine has recorded the create (claim.ts). */
async function programClaims(name: string, created: { id: string; properties: Record<string, unknown> }): Promise<void> {
  await claimCreatedSession(
    new AgbClient({ apiKey: KEY, endpoint: fixture.local.url }),
    { project: "proj", stack: "test", name },
    {
      sessionId: created.id,
      labels: created.properties.labels as Record<string, string>,
      creationToken: created.properties.creationToken as string,
    },
  );
}

beforeEach(async () => {
  await fixture.local.control.clearFaults();
});

/** The host's checked inputs for a Session declared as `name` (the resource class's hidden identity). */
async function checked(urn: string, name: string, extra: Record<string, unknown> = {}) {
  const news = {
    __provider: SESSION_PROVIDER_TEXT,
    __agbProject: "proj",
    __agbStack: "test",
    __agbName: name,
    imageId: "agb-code-space-1",
    ...extra,
  };
  const r = await fixture.host.check(urn, {}, news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}

async function statusOf(sessionId: string): Promise<string | undefined> {
  return (await fixture.local.control.sessions()).find((s) => s.sessionId === sessionId)?.status;
}

test("pulumi up --replace <urn> (Check without olds, Create, Delete old): a new session; the old is released, the new stays live", async () => {
  const urn = urnUnder(undefined, "replaced");
  const old = await fixture.host.create(urn, await checked(urn, "replaced", { labels: { team: "ml" } }));
  await programClaims("replaced", old); // the first `up` ends: recorded, then claimed by the program

  // The targeted replace, in the next `up` (a new host process): the same inputs, so the same
  // creation token; no Diff call.
  const next = await startHost();
  const fresh = await next.create(urn, await checked(urn, "replaced", { labels: { team: "ml" } }));
  await next.delete(urn, old.id, old.properties);
  await next.close();

  const created = (await fixture.local.control.sessions()).filter((s) => s.labels["pulumi-agb-name"] === "replaced");
  expect({
    distinctSessions: new Set(created.map((s) => s.sessionId)).size,
    sameToken: fresh.properties.creationToken === old.properties.creationToken,
    newIsOld: fresh.id === old.id,
    oldStatus: await statusOf(old.id),
    newStatus: await statusOf(fresh.id),
  }).toEqual({ distinctSessions: 2, sameToken: true, newIsOld: false, oldStatus: "FINISH", newStatus: "RUNNING" });
  expect((await fixture.host.read(urn, fresh.id, fresh.properties)).id).toBe(fresh.id);
  await fixture.host.delete(urn, fresh.id, fresh.properties);
});

test("two resources with one logical name under parents of different types each get their own session", async () => {
  const urnA = urnUnder("my:components:Alpha", "worker");
  const urnB = urnUnder("my:components:Beta", "worker");
  const a = await fixture.host.create(urnA, await checked(urnA, "worker"));
  const b = await fixture.host.create(urnB, await checked(urnB, "worker"));
  expect(b.properties.creationToken).toBe(a.properties.creationToken); // the case that used to collide

  const live = (await fixture.local.control.sessions()).filter((s) => s.labels["pulumi-agb-name"] === "worker" && s.status === "RUNNING");
  expect({ sameId: a.id === b.id, live: live.map((s) => s.sessionId).sort() }).toEqual({ sameId: false, live: [a.id, b.id].sort() });

  // Destroying one leaves the other's session running.
  await fixture.host.delete(urnA, a.id, a.properties);
  expect({ a: await statusOf(a.id), b: await statusOf(b.id) }).toEqual({ a: "FINISH", b: "RUNNING" });
  await fixture.host.delete(urnB, b.id, b.properties);
});

test("a lost createSession answer (committed, then the connection drops) is still recovered: exactly one session", async () => {
  const urn = urnUnder(undefined, "lost-answer");
  const before = await fixture.local.control.counters();
  await fixture.local.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: 1 });
  const created = await fixture.host.create(urn, await checked(urn, "lost-answer"));
  const after = await fixture.local.control.counters();
  const withName = (await fixture.local.control.sessions()).filter((s) => s.labels["pulumi-agb-name"] === "lost-answer");
  expect({
    faultsFired: after.faultsInjected - before.faultsInjected,
    sessionsCreated: after.sessionsCreated - before.sessionsCreated,
    sessions: withName.map((s) => s.sessionId),
    claim: withName[0]?.labels["pulumi-agb-claim"],
  }).toEqual({ faultsFired: 1, sessionsCreated: 1, sessions: [created.id], claim: "unclaimed" });
  await programClaims("lost-answer", created);
  expect((await fixture.local.control.sessions()).find((s) => s.sessionId === created.id)?.labels["pulumi-agb-claim"]).toBe("claimed");
  await fixture.host.delete(urn, created.id, created.properties);
});

test("a host killed mid-create (before the hand-over) leaves a session the next up takes back; one handed over is reported, never taken", async () => {
  const urn = urnUnder(undefined, "crashed");
  await fixture.local.control.setTiming({ createPendingMs: 4_000 }); // long enough to kill the host while it waits
  const first = await startHost();
  const inFlight = first.create(urn, await checked(urn, "crashed")).catch((err: Error) => err);
  const deadline = Date.now() + 60_000;
  const named = async () => (await fixture.local.control.sessions()).filter((s) => s.labels["pulumi-agb-name"] === "crashed");
  while ((await named()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const [cutShort] = await named();
  expect(cutShort?.labels["pulumi-agb-claim"]).toBe("creating");
  await first.kill(); // SIGKILL: the engine never gets an answer, so nothing is recorded
  await inFlight;
  await fixture.local.control.setTiming({ createPendingMs: 0 });

  const second = await startHost();
  const recovered = await second.create(urn, await checked(urn, "crashed"));
  expect(recovered.id).toBe(cutShort.sessionId);
  expect((await named()).find((s) => s.sessionId === recovered.id)?.labels["pulumi-agb-claim"]).toBe("unclaimed");
  await second.close(); // handed over, but (as if the engine died before saving it) never recorded nor claimed

  // Handed over: the same token never takes it again; a new process makes its own and names it.
  const third = await startHost();
  const other = await third.create(urn, await checked(urn, "crashed"));
  expect({ fresh: other.id !== recovered.id, suspects: other.properties.__agbSuspects }).toEqual({ fresh: true, suspects: recovered.id });
  await third.delete(urn, other.id, other.properties);
  await third.delete(urn, recovered.id, recovered.properties);
  await third.close();
  expect((await named()).filter((s) => s.status === "RUNNING" || s.status === "PENDING")).toEqual([]);
}, 180_000);

test("a recorded session whose claim never landed: refresh finds it, diff asks for an update, update marks it claimed", async () => {
  const urn = urnUnder(undefined, "unclaimed");
  const created = await fixture.host.create(urn, await checked(urn, "unclaimed"));
  const claim = async () => (await fixture.local.control.sessions()).find((s) => s.sessionId === created.id)?.labels["pulumi-agb-claim"];
  expect(await claim()).toBe("unclaimed"); // no program claimed it
  const read = await fixture.host.read(urn, created.id, created.properties);
  expect(read.properties.__agbClaimPending).toBe(true);
  const news = await checked(urn, "unclaimed");
  expect((await fixture.host.diff(urn, created.id, read.properties, news)).changes).toBe("some");
  const updated = await fixture.host.update(urn, created.id, read.properties, news);
  expect({ claim: await claim(), pending: updated.properties.__agbClaimPending }).toEqual({ claim: "claimed", pending: undefined });
  const again = await fixture.host.read(urn, created.id, updated.properties);
  expect(again.properties.__agbClaimPending).toBeUndefined();
  expect((await fixture.host.diff(urn, created.id, again.properties, news)).changes).toBe("none");
  await fixture.host.delete(urn, created.id, again.properties);
});

test("delete of a session whose create lost an answer releases the create's other session, found by its attempt id, and nothing else", async () => {
  const urn = urnUnder(undefined, "attempt");
  const created = await fixture.host.create(urn, await checked(urn, "attempt"));
  // What a lost createSession answer can leave when the service lists it only after the create
  // ended: a second session with the same attempt id (create.ts); and a bystander with another one.
  const client = new AgbClient({ apiKey: KEY, endpoint: fixture.local.url });
  const late = await client.createSession({
    imageId: "agb-code-space-1",
    labels: { "pulumi-agb-attempt": "attempt-1", "pulumi-agb-claim": "creating" },
  });
  const bystander = await client.createSession({
    imageId: "agb-code-space-1",
    labels: { "pulumi-agb-attempt": "attempt-2", "pulumi-agb-claim": "creating" },
  });
  await fixture.host.delete(urn, created.id, { ...created.properties, __agbAttempt: "attempt-1" });
  const statusOf = async (id: string) => (await fixture.local.control.sessions()).find((s) => s.sessionId === id)?.status;
  const gone = (status: string | undefined) => status === "DELETING" || status === "FINISH";
  expect({
    own: gone(await statusOf(created.id)),
    late: gone(await statusOf(late.sessionId)),
    bystander: await statusOf(bystander.sessionId),
  }).toEqual({
    own: true,
    late: true,
    bystander: "RUNNING",
  });
  await client.releaseSessionAsync(bystander.sessionId);
});

test("create echoes the program run that made the session; read and update keep it, so only that run claims it", async () => {
  const urn = urnUnder(undefined, "run-echo");
  const created = await fixture.host.create(urn, await checked(urn, "run-echo", { labels: { team: "ml" }, __agbRun: "run-1" }));
  expect(created.properties.__agbCreatedIn).toBe("run-1");
  const updated = await fixture.host.update(
    urn,
    created.id,
    created.properties,
    await checked(urn, "run-echo", { labels: { team: "ops" }, __agbRun: "run-2" }),
  );
  expect(updated.properties.__agbCreatedIn).toBe("run-1");
  const read = await fixture.host.read(urn, created.id, updated.properties);
  expect(read.properties.__agbCreatedIn).toBe("run-1");
  await fixture.host.delete(urn, created.id, updated.properties);
});
