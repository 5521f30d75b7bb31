import { AgbNotFoundError, AgbTimeoutError, pollUntil, waitForSessionGone, waitForSyncTasks } from "../../dist/client";
import type { AgbApi, SyncTask } from "../../dist/client";

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

/** Records the fake-clock time of every probe. */
function recorder<T>(values: T[]) {
  const times: number[] = [];
  let i = 0;
  return {
    times,
    probe: async () => {
      times.push(Date.now() - 1_000_000);
      return values[Math.min(i++, values.length - 1)];
    },
  };
}

test("probes at once, then backs off by 1.5 from 50 ms, capped at maxDelayMs", async () => {
  const r = recorder([false, false, false, false, false, false, false, false, true]);
  const done = pollUntil({ what: "x", probe: r.probe, done: (v) => v }, { timeoutMs: 60_000, maxDelayMs: 200 });
  await jest.advanceTimersByTimeAsync(10_000);
  await expect(done).resolves.toBe(true);
  const gaps = r.times.slice(1).map((t, i) => t - r.times[i]);
  expect(r.times[0]).toBe(0);
  expect(gaps).toEqual([50, 75, 113, 169, 200, 200, 200, 200]);
});

test("returns as soon as the condition holds on the first probe, without waiting", async () => {
  const r = recorder(["RUNNING"]);
  await expect(pollUntil({ what: "x", probe: r.probe, done: (v) => v === "RUNNING" }, { timeoutMs: 1000 })).resolves.toBe("RUNNING");
  expect(r.times).toEqual([0]);
});

test("on deadline: a last probe at the deadline, then AgbTimeoutError naming what, last state and time", async () => {
  const r = recorder(["PENDING"]);
  const done = pollUntil(
    { what: "session s-1 to reach RUNNING", probe: r.probe, done: (v) => v === "RUNNING", describe: (v) => `status ${v}` },
    { timeoutMs: 1000, initialDelayMs: 100, factor: 2 },
  );
  const assertion = expect(done).rejects.toThrow(AgbTimeoutError);
  await jest.advanceTimersByTimeAsync(2000);
  await assertion;
  expect(r.times).toEqual([0, 100, 300, 700, 1000]);
  const error = await done.catch((e) => e);
  expect(error.message).toContain("session s-1 to reach RUNNING");
  expect(error.message).toContain("last seen: status PENDING");
  expect(error.message).toContain("1000 ms");
  expect(error.code).toBe("WaitTimeout");
});

test("a probe error ends the wait at once", async () => {
  const done = pollUntil({ what: "x", probe: async () => { throw new Error("boom"); }, done: () => true }, { timeoutMs: 1000 });
  await expect(done).rejects.toThrow("boom");
});

test("rejects a missing or negative timeout (every wait has a deadline)", async () => {
  await expect(pollUntil({ what: "x", probe: async () => 1, done: () => true }, { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
  await expect(pollUntil({ what: "x", probe: async () => 1, done: () => true }, {} as never)).rejects.toThrow(/timeoutMs/);
});

/** A scripted AgbApi stand-in: the code under test is the wait helper, not the client. */
function fakeApi(over: Partial<AgbApi>): AgbApi {
  return { endpoint: "http://fake", ...over } as AgbApi;
}

test("waitForSessionGone: FINISH or not found both end the wait", async () => {
  let n = 0;
  const notFound = new AgbNotFoundError("gone", { code: "InvalidMcpSession.NotFound", httpStatus: 400, requestId: "", operation: "getSessionInfo" });
  const api = fakeApi({
    getSessionInfo: async (sessionId: string) => {
      n++;
      if (n < 3) return { sessionId, status: "DELETING" };
      throw notFound;
    },
  });
  const done = waitForSessionGone(api, "s-1", { timeoutMs: 5000 });
  await jest.advanceTimersByTimeAsync(1000);
  await expect(done).resolves.toBeUndefined();
  expect(n).toBe(3);
});

test("waitForSyncTasks: filters by taskType and waits until all are Success or Failed", async () => {
  const task = (taskType: string, status: string): SyncTask => ({ contextId: "c", path: "/p", taskType, status });
  const answers = [
    [task("download", "Running"), task("upload", "Running")],
    [task("download", "Success"), task("upload", "Running")],
  ];
  let n = 0;
  const api = fakeApi({ getContextInfo: async () => answers[Math.min(n++, answers.length - 1)] });
  const done = waitForSyncTasks(api, { sessionId: "s", taskType: "download" }, { timeoutMs: 5000 });
  await jest.advanceTimersByTimeAsync(1000);
  await expect(done).resolves.toEqual([task("download", "Success")]);

  n = 0;
  const stuck = waitForSyncTasks(api, { sessionId: "s" }, { timeoutMs: 300 });
  const assertion = expect(stuck).rejects.toThrow(/upload c:\/p Running/);
  await jest.advanceTimersByTimeAsync(1000);
  await assertion;
});
