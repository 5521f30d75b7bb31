/**
 * SIGKILL under the real CLI at random moments of an `up` of 20 sessions: either the dynamic provider
 * host alone (the engine fails the run), or `pulumi` with everything it started (its process group,
 * as a machine crash would). Then the repair the CLI and the provider tell: `pulumi cancel` when the
 * stack is locked, `pulumi refresh --clear-pending-creates`, `pulumi up`, and the release of any
 * session that up named by id (a kill right after a create's hand-over; docs/ownership.md). After it,
 * agb-local holds exactly the sessions in state: 0 leaked, 0 duplicated, 0 shared.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { LIVE, ROOT } from "../../engine/harness";
import { AgbClient } from "../../../dist/client";
import { useCliAgbLocal } from "../../cli/cli-agb-local";
import { CliStack, resourcesOf, SESSION_TYPE } from "../../cli/cli-stack";
import { reportedSessions } from "../support/audit";
import { descendantPids } from "../support/engine";
import { record, resetPoint, writeSummary } from "../support/results";

jest.setTimeout(1_800_000);

const PROGRAM = join(ROOT, "test", "cli", "programs", "paths");
const SESSIONS = 20;
const ROUNDS = 6;
const POINT = "16-crashes-cli";

beforeAll(() => resetPoint(POINT));
afterAll(() => writeSummary());
const agb = useCliAgbLocal({ timingEachTest: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`SIGKILL of the provider host or of pulumi during an up of ${SESSIONS} sessions, ${ROUNDS} times: exact after the told repair`, async () => {
  const counts = { hostKills: 0, pulumiKills: 0, finishedFirst: 0, named: 0, leaked: 0, duplicated: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const key = `akm-cli-crash-${round}`;
    const s = new CliStack({ programDir: PROGRAM, parallel: 10 });
    try {
      await s.init(agb.url, key, { "paths:sessions": String(SESSIONS), "paths:sync": "false", "paths:adoptContext": "true" });
      await agb.control.setTiming({ createPendingMs: 1500, createSyncMs: 20, releaseMs: 20 });
      const child = spawn(
        s.pulumi,
        ["up", "--yes", "--skip-preview", "--stack", s.stack, "--cwd", s.workDir, "--non-interactive", "--parallel", "10"],
        {
          cwd: s.workDir,
          env: s.env,
          stdio: ["ignore", "pipe", "pipe"],
          detached: true,
        },
      );
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      let ended = false;
      const exited = new Promise((r) => child.once("exit", r)).then(() => (ended = true));
      // A random moment: after 1..SESSIONS-1 createSession calls, or whenever the up ends.
      const target = 1 + Math.floor(Math.random() * (SESSIONS - 1));
      const stopAt = Date.now() + 300_000;
      while (!ended && Date.now() < stopAt && (await agb.control.counters()).sessionsCreated < target) await sleep(50);
      await sleep(Math.floor(Math.random() * 2000));
      if (ended) counts.finishedFirst++;
      else if (round % 2 === 0) {
        const host = descendantPids(child.pid!).find((p) => p.cmdline.includes("dynamic-provider"));
        if (host) process.kill(host.pid, "SIGKILL");
        counts.hostKills++;
        const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 120_000);
        await exited;
        clearTimeout(timer);
      } else {
        process.kill(-child.pid!, "SIGKILL"); // pulumi, its language host, the program and the provider host
        counts.pulumiKills++;
        await exited;
      }
      // What the kill orphaned (language host, plugin wrapper, provider host) is this test's to end.
      await s.endProcesses();
      await agb.control.setTiming({ createPendingMs: 0 });

      // The told repair.
      const next = await s.run("up");
      if (!next.ok) {
        if (/locked/i.test(next.printed)) await s.must(["cancel", "--yes", "--stack", s.stack]);
        await s.must(["refresh", "--yes", "--skip-preview", "--clear-pending-creates", "--stack", s.stack]);
        await s.ok("up");
      }
      const state = resourcesOf(await s.exported(), SESSION_TYPE);
      const held = state.map((r) => r.id!).sort();
      const named = reportedSessions(state);
      counts.named += named.length;
      const api = new AgbClient({ apiKey: key, endpoint: agb.url });
      for (const id of named) await api.releaseSessionAsync(id);

      const live = (await agb.control.sessions())
        .filter((x) => LIVE.has(x.status) && x.labels["pulumi-agb-stack"] === s.stack)
        .map((x) => x.sessionId);
      const mine = new Set(held);
      const leaked = live.filter((id) => !mine.has(id));
      counts.leaked += leaked.length;
      counts.duplicated += held.length - new Set(held).size;
      expect({
        round,
        output: leaked.length ? output : "",
        held: held.length,
        leaked,
        missing: held.filter((id) => !live.includes(id)),
      }).toEqual({
        round,
        output: "",
        held: SESSIONS,
        leaked: [],
        missing: [],
      });
      await s.ok("destroy");
      expect((await agb.control.sessions()).filter((x) => LIVE.has(x.status))).toEqual([]);
    } finally {
      await s.close();
    }
  }
  record(POINT, "16", `SIGKILL of the provider host or pulumi during an up of ${SESSIONS} sessions under the real CLI`, {
    rounds: ROUNDS,
    ...counts,
  });
  expect({ leaked: counts.leaked, duplicated: counts.duplicated }).toEqual({ leaked: 0, duplicated: 0 });
});
