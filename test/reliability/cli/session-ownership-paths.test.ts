/**
 * The Session ownership paths under the real CLI (docs/ownership.md has the table): each test ends
 * with the counts that matter, objects live in agb-local against ids in the states, so a session
 * shared by two resources, released while held, or left running by nobody fails it.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { LIVE, ROOT } from "../../engine/harness";
import { useCliAgbLocal } from "../../cli/cli-agb-local";
import { UpInFlight } from "../../cli/cli-kills";
import { jsonLine, runNodeScript } from "../../cli/node-script";
import { CliStack, CONTEXT_TYPE, resourcesOf, SESSION_TYPE } from "../../cli/cli-stack";
import { liveSessionIds, withStack, withStackUp } from "../../cli/cli-steps";
import { record, resetPoint, writeSummary } from "../support/results";

jest.setTimeout(1_200_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const agb = useCliAgbLocal({ timingEachTest: true });
const NO_SYNC = { "paths:sync": "false" };
const POINT = "16-session-ownership-cli";

beforeAll(() => resetPoint(POINT));
afterAll(() => writeSummary());

const liveIds = () => liveSessionIds(agb);
const sessionIdsOf = async (s: CliStack): Promise<string[]> =>
  resourcesOf(await s.exported(), SESSION_TYPE)
    .map((r) => r.id!)
    .sort();
const claimOf = async (id: string): Promise<string | undefined> =>
  (await agb.control.sessions()).find((s) => s.sessionId === id)?.labels["pulumi-agb-claim"];

type Ownership = { live: number; held: number; shared: number; heldButGone: number; unheld: number };
/** No live session, none held. */
const NONE_HELD: Ownership = { live: 0, held: 0, shared: 0, heldButGone: 0, unheld: 0 };
/** One live session, held once. */
const ONE_HELD: Ownership = { live: 1, held: 1, shared: 0, heldButGone: 0, unheld: 0 };
/** Two live sessions, each held once. */
const TWO_HELD: Ownership = { live: 2, held: 2, shared: 0, heldButGone: 0, unheld: 0 };

/** Live sessions against the ids the states hold: every live one held exactly once, every held one live. */
async function ownership(...stacks: CliStack[]): Promise<Ownership> {
  const live = await liveIds();
  const held = (await Promise.all(stacks.map(sessionIdsOf))).flat();
  return {
    live: live.length,
    held: held.length,
    shared: held.length - new Set(held).size,
    heldButGone: held.filter((id) => !live.includes(id)).length,
    unheld: live.filter((id) => !held.includes(id)).length,
  };
}

/** `pulumi destroy` of `s`, then no session is live. */
async function destroyReleasesAll(s: CliStack): Promise<void> {
  await s.ok("destroy");
  expect(await liveIds()).toEqual([]);
}

/** One row of the reliability table: what agb-local created in this test, and the final ownership counts. */
async function row(name: string, o: Ownership): Promise<void> {
  const created = (await agb.control.counters()).sessionsCreated;
  record(POINT, "16", "Session ownership paths under the real CLI (created / recorded / shared / leaked / released while held)", {
    [name]: `created ${created}, recorded ${o.held}, shared ${o.shared}, leaked ${o.unheld}, released while held ${o.heldButGone}`,
  });
}

test("the program's claim fails once: the session stays recorded; a later up --replace makes a new one and releases the old", async () => {
  await withStack(agb, { programDir: PROGRAM, key: "akm-own-claim-fails", config: NO_SYNC }, async (s) => {
    // The create's hand-over mark passes; the program's claim (the next SetLabel) is refused once.
    await agb.control.injectFault({ operation: "SetLabel", mode: "error", httpStatus: 400, code: "Refused", skip: 1, count: 1 });
    const first = await s.ok("up");
    expect(first.printed).toMatch(/could not mark session s-\S+ as owned/);
    const [held] = await sessionIdsOf(s);
    expect(await claimOf(held)).toBe("unclaimed");
    // A plain up leaves it so (no provider call can write in a preview); a refresh finds it, and the
    // next up marks it.
    await s.ok("up");
    expect(await claimOf(held)).toBe("unclaimed");
    await s.ok("refresh");
    await s.ok("up");
    expect(await claimOf(held)).toBe("claimed");

    const [res] = resourcesOf(await s.exported(), SESSION_TYPE);
    await s.upReplacing(res.urn);
    const [now] = await sessionIdsOf(s);
    expect({ replaced: now !== held, oldStatus: (await agb.control.sessions()).find((x) => x.sessionId === held)?.status }).toEqual({
      replaced: true,
      oldStatus: "FINISH",
    });
    expect(await ownership(s)).toEqual(ONE_HELD);
    await row("program claim fails, then up --replace", await ownership(s));
    await destroyReleasesAll(s);
  });
});

test("the hand-over mark fails: the create releases its session and fails; the next up makes one", async () => {
  await withStack(agb, { programDir: PROGRAM, key: "akm-own-handover-fails", config: NO_SYNC }, async (s) => {
    await agb.control.injectFault({ operation: "SetLabel", mode: "error", httpStatus: 400, code: "Refused", count: 1 });
    const failed = await s.run("up");
    expect(failed.ok).toBe(false);
    expect(failed.printed).toMatch(/marking it as handed to Pulumi failed .*it was released/);
    expect(await ownership(s)).toEqual(NONE_HELD);
    await s.ok("up");
    expect(await ownership(s)).toEqual(ONE_HELD);
    await row("hand-over mark fails, then up", await ownership(s));
    await destroyReleasesAll(s);
  });
});

test("a create that times out before RUNNING releases its session; following the error's advice leaves exactly one", async () => {
  await withStack(agb, { programDir: PROGRAM, key: "akm-own-timeout", config: { ...NO_SYNC, "paths:createTimeout": "2" } }, async (s) => {
    await agb.control.setTiming({ createPendingMs: 30_000 });
    const failed = await s.run("up");
    expect(failed.ok).toBe(false);
    expect(failed.printed).toMatch(/did not become RUNNING \(timeouts\.create: 2 s\)/);
    expect(await ownership(s)).toEqual(NONE_HELD);
    await agb.control.setTiming({ createPendingMs: 0 });
    await s.ok("up");
    expect(await ownership(s)).toEqual(ONE_HELD);
    await row("create times out before RUNNING, then up", await ownership(s));
    await s.ok("destroy");
  });
});

test("a sibling fails in the same up; a --replace later and a second backend's stack with the same names each get their own session", async () => {
  const a = new CliStack({ programDir: PROGRAM });
  const b = new CliStack({ programDir: PROGRAM });
  try {
    const key = "akm-own-sibling";
    await a.init(agb.url, key, NO_SYNC);
    await agb.control.injectFault({ operation: "GetContext", mode: "error", httpStatus: 400, code: "Refused", count: 1 });
    const failed = await a.run("up");
    expect(failed.ok).toBe(false);
    const [recorded] = await sessionIdsOf(a);
    expect(recorded).toBeTruthy(); // in state, although the program never heard back
    await a.ok("up");
    expect(await sessionIdsOf(a)).toEqual([recorded]);

    // The same project, stack and resource names, the same key, another file backend.
    await b.init(agb.url, key, { ...NO_SYNC, "paths:contextName": "second-backend-work" }); // contexts are the other table's
    const theirUp = await b.ok("up");
    // Its create found the first stack's session under the same token, handed over and never
    // claimed: left alone and named in a warning.
    expect(theirUp.printed).toContain(`session(s) ${recorded} carry the creation token of s-0`);
    const [theirs] = await sessionIdsOf(b);
    expect(theirs).not.toBe(recorded);
    expect(await ownership(a, b)).toEqual(TWO_HELD);

    const [res] = resourcesOf(await a.exported(), SESSION_TYPE);
    await a.upReplacing(res.urn);
    expect((await sessionIdsOf(a))[0]).not.toBe(recorded);
    expect(await ownership(a, b)).toEqual(TWO_HELD);
    await row("sibling failure; second backend, same names; --replace", await ownership(a, b));
    await b.ok("destroy");
    expect(await ownership(a)).toEqual(ONE_HELD);
    await a.ok("destroy");
    expect(await liveIds()).toEqual([]);
  } finally {
    await a.close();
    await b.close();
  }
});

test("a lost createSession answer whose session the listing hides past the look-again: the duplicate is released, one stays", async () => {
  const lookAgainIn3s = { AGB_CREATE_LOOK_AGAIN_MS: "3000" };
  await withStack(agb, { programDir: PROGRAM, env: lookAgainIn3s, key: "akm-own-look-again", config: NO_SYNC }, async (s) => {
    await agb.control.setTiming({ createPendingMs: 6000, listHidesPending: true });
    await agb.control.injectFault({ operation: "createSession", mode: "commit-then-drop", count: 1 });
    await s.ok("up");
    expect((await agb.control.counters()).sessionsCreated).toBe(2);
    expect(await ownership(s)).toEqual(ONE_HELD);
    await row("lost createSession answer hidden past the look-again", await ownership(s));
    await destroyReleasesAll(s);
  });
});

test("two ups of one inline program in one Automation API process: the second writes no label, and refresh shows the out-of-band change", async () => {
  const s = new CliStack({ programDir: PROGRAM });
  try {
    const script = join(s.workDir, "run-twice.js");
    copyFileSync(join(ROOT, "test", "cli", "programs", "automation-twice", "run-twice.js"), script);
    const env = { ...s.env, AGB_API_KEY: "akm-own-automation", AGB_ENDPOINT: agb.url };
    const out = await runNodeScript(script, s.workDir, env);
    expect({ code: out.code }).toEqual({ code: 0 });
    const r = jsonLine<{ id: string; secondId: string; setLabelsInSecondUp: number; team: string; previewUpdates: number }>(
      out.text,
      '{"id"',
    );
    expect({
      same: r.secondId === r.id,
      setLabelsInSecondUp: r.setLabelsInSecondUp,
      team: r.team,
      previewUpdates: r.previewUpdates,
    }).toEqual({
      same: true,
      setLabelsInSecondUp: 0,
      team: "changed-out-of-band",
      previewUpdates: 1,
    });
    expect(await liveIds()).toEqual([]);
  } finally {
    await s.close();
  }
});

test("pulumi stack rename: the renamed stack keeps its session with no change planned; its destroy releases it", async () => {
  // The default context name holds the stack name.
  await withStackUp(
    agb,
    { programDir: PROGRAM, key: "akm-own-rename", config: { ...NO_SYNC, "paths:contextName": "own-rename-work" } },
    async (s) => {
      const before = await sessionIdsOf(s);
      await s.must(["stack", "rename", "renamed", "--stack", s.stack]);
      const renamed = new CliRename(s, "renamed");
      const preview = await renamed.must(["preview", "--expect-no-changes", "--non-interactive"]);
      expect(preview).toMatch(/1 unchanged|unchanged/);
      await renamed.must(["up", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await sessionIdsOf(s).catch(() => undefined)).toBeUndefined(); // the old name is gone
      expect(await liveIds()).toEqual(before);
      await renamed.must(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
      expect(await liveIds()).toEqual([]);
    },
  );
});

test("a Session renamed with aliases keeps its session: no change planned, no create, no release; destroy releases it", async () => {
  await withStackUp(
    agb,
    { programDir: join(ROOT, "test", "cli", "programs", "renamed"), key: "akm-own-aliases", config: { "renamed:name": "first" } },
    async (s) => {
      const before = await sessionIdsOf(s);
      await s.configure(agb.url, "akm-own-aliases", { "renamed:name": "second", "renamed:alias": "first" });
      await s.ok("preview", { expectNoChanges: true });
      await s.ok("up");
      const counters = await agb.control.counters();
      expect({ ids: await sessionIdsOf(s), created: counters.sessionsCreated, released: counters.sessionsReleased }).toEqual({
        ids: before,
        created: 1,
        released: 0,
      });
      // The managed labels keep the name the session was created under.
      expect((await agb.control.sessions()).find((x) => x.sessionId === before[0])?.labels["pulumi-agb-name"]).toBe("first");
      await row("renamed with aliases", await ownership(s));
      await destroyReleasesAll(s);
    },
  );
});

test("kill -9 of pulumi mid-create, then refresh --import-pending-creates with the session's id: the refresh records nothing (CLI v3.274.1), the next up takes the session back by its token and marks it, a --replace never takes it", async () => {
  // The kill can also cut the Context's create short after it made the context (its look for
  // leftovers makes that window wider); adoptExisting lets the next up take that context back,
  // which is the advice the refusal gives, so the row stays about the session.
  const config = { ...NO_SYNC, "paths:contextName": "own-import-pending-work", "paths:adoptContext": "true" };
  await withStack(agb, { programDir: PROGRAM, key: "akm-own-import-pending", config }, async (s) => {
    await agb.control.setTiming({ createPendingMs: 5000 });
    const deadline = Date.now() + 300_000;
    const made = async () => (await agb.control.sessions()).filter((x) => LIVE.has(x.status));
    const up = new UpInFlight(s);
    await up.waitFor(async () => (await made()).length > 0, 100);
    await up.killGroup();
    await s.endProcesses();
    const [cutShort] = await made();
    expect(cutShort.labels["pulumi-agb-claim"]).toBe("creating");
    while ((await made())[0]?.status !== "RUNNING" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));

    const pending = (await s.exported()).deployment.pending_operations as Array<{ resource: { urn: string; type: string } }>;
    const urn = pending.find((p) => p.resource.type === SESSION_TYPE)!.resource.urn;
    await s.cli.exec(["cancel", "--yes", "--stack", s.stack]); // the killed up's lock (an error when there is none)
    await s.refreshWith(["--import-pending-creates", urn, "--import-pending-creates", cutShort.sessionId]);
    // Measured: the refresh drops the pending create without recording the session (as
    // --clear-pending-creates would); the session is still marked `creating`.
    expect({ held: await sessionIdsOf(s), claim: await claimOf(cutShort.sessionId) }).toEqual({ held: [], claim: "creating" });
    await s.ok("up");
    expect({ held: await sessionIdsOf(s), claim: await claimOf(cutShort.sessionId) }).toEqual({
      held: [cutShort.sessionId],
      claim: "claimed",
    });
    await s.upReplacing(urn);
    expect((await sessionIdsOf(s))[0]).not.toBe(cutShort.sessionId);
    expect(await ownership(s)).toEqual(ONE_HELD);
    await row("pulumi killed, refresh --import-pending-creates, --replace", await ownership(s));
    await destroyReleasesAll(s);
  });
});

test("a stack copied with stack export/import (refused by the CLI unless forced) holds the same session; removing it from the copy's state keeps the original's", async () => {
  const s = new CliStack({ programDir: PROGRAM });
  const file = join(s.home, "dev-state.json");
  try {
    await s.init(agb.url, "akm-own-copy", { ...NO_SYNC, "paths:contextName": "own-copy-work" });
    await s.ok("up");
    const [held] = await sessionIdsOf(s);
    await s.must(["stack", "export", "--file", file, "--stack", s.stack]);
    await s.must(["stack", "init", "copy"]);
    const copy = new CliRename(s, "copy");
    // The CLI itself refuses another stack's state unless forced.
    await expect(copy.must(["stack", "import", "--file", file])).rejects.toThrow(
      /is from a different stack \(dev != copy\)[\s\S]*could be dangerous/,
    );
    await copy.must(["stack", "import", "--file", file, "--force"]);
    const copied = JSON.parse(await copy.must(["stack", "export"]).then((t) => t.slice(t.indexOf("{")))) as {
      deployment: { resources?: Array<{ type: string; id?: string; urn: string }> };
    };
    const inCopy = (copied.deployment.resources ?? []).filter((r) => r.type === SESSION_TYPE);
    // What the provider cannot see: two states, one session.
    expect(inCopy.map((r) => r.id)).toEqual([held]);
    const contextIn = async (d: { deployment: { resources?: Array<{ type: string; id?: string }> } }) =>
      d.deployment.resources?.find((r) => r.type === CONTEXT_TYPE)?.id;
    expect(await contextIn(copied)).toBe(await contextIn(await s.exported())); // the context too
    // The documented way out: the copy forgets it, then goes away; the original keeps it.
    for (const r of (copied.deployment.resources ?? []).filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/agb:")))
      await copy.must(["state", "delete", r.urn, "--yes", "--force"]);
    await copy.must(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    expect({ held: await sessionIdsOf(s), live: await liveIds() }).toEqual({ held: [held], live: [held] });
    await destroyReleasesAll(s);
  } finally {
    await s.close();
  }
});

/** Runs commands on a stack of `s`'s backend under another name (after `pulumi stack rename`). */
class CliRename {
  constructor(
    private readonly s: CliStack,
    private readonly stack: string,
  ) {}
  must(args: string[]): Promise<string> {
    return this.s.must([...args, "--stack", this.stack]);
  }
}
