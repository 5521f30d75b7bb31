/**
 * Point 10b: agb-local under load. 200 concurrent clients on loopback for at most 10 s (or a bounded
 * number of requests), mixing reads and label writes; each client owns one session and increments a
 * counter label. 0 errors, every read sees the client's last acknowledged write, and the final labels
 * (live, and after a SIGKILL + restart) equal the acknowledged counts: no lost update.
 */
import { LocalControl } from "../../dist/local/index.js";
import { useLocalDataDir } from "./support/local-data-dir";
import { agbCall, createSession, getLabels, newKey, ok, setLabels } from "./support/raw-agb";
import { record } from "./support/results";

const CLIENTS = 200;
const DURATION_MS = 10_000;
/** Per client: the loop stops at DURATION_MS or after this many iterations, whichever is first. */
const MAX_ITERATIONS = 400;

const data = useLocalDataDir("10b-load", "load");

test(`${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s: 0 errors, no lost update`, async () => {
  let proc = await data.start();
  const base = proc.url;
  // Half the clients share one account, half have their own: both paths are exercised.
  const shared = newKey("load-shared");
  const keys = Array.from({ length: CLIENTS }, (_, i) => (i % 2 === 0 ? shared : newKey(`load-${i}`)));
  const sessionIds = await Promise.all(keys.map((k, i) => createSession(base, k, { n: "0", client: String(i) })));
  const acked = new Array<number>(CLIENTS).fill(0);
  const errors: string[] = [];
  let reads = 0;
  let writes = 0;
  const stopAt = Date.now() + DURATION_MS;

  const client = async (i: number): Promise<void> => {
    const key = keys[i];
    const sid = sessionIds[i];
    for (let it = 0; it < MAX_ITERATIONS && Date.now() < stopAt; it++) {
      try {
        // Read: must see this client's last acknowledged write.
        const labels = await getLabels(base, key, sid);
        reads++;
        if (labels.n !== String(acked[i])) errors.push(`client ${i}: read n=${labels.n}, acknowledged ${acked[i]}`);
        if (it % 4 === 3) {
          const info = await agbCall(base, key, "POST", "/mcp/getSessionInfo", { body: { sessionId: sid } });
          reads++;
          if (!ok(info) || info.body.data.status !== "RUNNING") errors.push(`client ${i}: getSessionInfo ${JSON.stringify(info.body)}`);
        }
        // Write: the next counter value.
        const r = await setLabels(base, key, sid, { n: String(acked[i] + 1), client: String(i) });
        writes++;
        if (ok(r)) acked[i]++;
        else errors.push(`client ${i}: SetLabel ${r.status} ${JSON.stringify(r.body)}`);
      } catch (err) {
        errors.push(`client ${i}: ${(err as Error).message}`);
      }
      if (errors.length > 20) return; // enough evidence; stop early
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  expect(errors).toEqual([]);

  const control = new LocalControl(base);
  const live = new Map((await control.sessions()).map((s) => [s.sessionId, s.labels]));
  const lostLive = sessionIds.filter((sid, i) => live.get(sid)?.n !== String(acked[i]));
  expect(lostLive).toEqual([]);

  // Every acknowledged write is durable: SIGKILL, restart, compare again.
  proc = await data.start();
  const restarted = new Map((await new LocalControl(proc.url).sessions()).map((s) => [s.sessionId, s.labels]));
  const lostDurable = sessionIds.filter((sid, i) => restarted.get(sid)?.n !== String(acked[i]));
  expect(lostDurable).toEqual([]);
  expect(writes).toBeGreaterThanOrEqual(CLIENTS); // every client got at least one write through

  record("10b-load", "10", "agb-local 200 concurrent clients", {
    clients: CLIENTS,
    requests: reads + writes + CLIENTS,
    reads,
    labelWrites: writes,
    errors: errors.length,
    lostUpdates: lostLive.length + lostDurable.length,
  });
});
