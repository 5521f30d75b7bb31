/**
 * SIGKILL under the real CLI at random moments of an `up` of 20 sessions: either the dynamic provider
 * host alone (the engine fails the run), or `pulumi` with everything it started (its process group,
 * as a machine crash would). Then the repair the CLI and the provider tell: `pulumi cancel` when the
 * stack is locked, `pulumi refresh --clear-pending-creates`, `pulumi up`, and the release of any
 * session that up named by id (a kill right after a create's hand-over; docs/ownership.md). After it,
 * agb-local holds exactly the sessions in state: 0 leaked, 0 duplicated, 0 shared.
 */
import { join } from "node:path";
import { LIVE, ROOT } from "../../engine/harness";
import { AgbClient } from "../../../dist/client";
import { useCliAgbLocal } from "../../cli/cli-agb-local";
import { upAfterKill, UpInFlight } from "../../cli/cli-kills";
import { CliStack, resourcesOf, SESSION_TYPE } from "../../cli/cli-stack";
import { reportedSessions } from "../support/audit";
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
      const up = new UpInFlight(s, ["--parallel", "10"]);
      // A random moment: after 1..SESSIONS-1 createSession calls, or whenever the up ends.
      const target = 1 + Math.floor(Math.random() * (SESSIONS - 1));
      await up.waitFor(async () => (await agb.control.counters()).sessionsCreated >= target);
      await sleep(Math.floor(Math.random() * 2000));
      if (up.ended) counts.finishedFirst++;
      else if (round % 2 === 0) {
        await up.killProviderHost();
        counts.hostKills++;
      } else {
        await up.killGroup(); // pulumi, its language host, the program and the provider host
        counts.pulumiKills++;
      }
      // What the kill orphaned (language host, plugin wrapper, provider host) is this test's to end.
      await s.endProcesses();
      await agb.control.setTiming({ createPendingMs: 0 });

      // The told repair.
      await upAfterKill(s);
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
        output: leaked.length ? up.output : "",
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
