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

test("default schedule: probes at once, every 100 ms for half a second, then doubles the pause up to 2 s", async () => {
  const r = recorder([false]);
  const done = pollUntil({ what: "x", probe: r.probe, done: (v) => v }, { timeoutMs: 12_000 });
  const assertion = expect(done).rejects.toThrow(AgbTimeoutError);
  await jest.advanceTimersByTimeAsync(14_000);
  await assertion;
  expect(r.times).toEqual([0, 100, 200, 300, 400, 500, 700, 1100, 1900, 3500, 5500, 7500, 9500, 11500, 12_000]);
  // Never a pause under 100 ms (politeness) or over 2 s (the official SDKs' slowest poller),
  // except the last one, cut short by the deadline.
  const gaps = r.times.slice(1).map((t, i) => t - r.times[i]);
  expect(gaps.slice(0, -1).every((g) => g >= 100 && g <= 2000)).toBe(true);
});

test("a sync done at 300 ms is seen at 300 ms with at most 6 probes (4 from an immediate start, 3 after one pause)", async () => {
  const doneAt = 300;
  const probe = jest.fn(async () => Date.now() - 1_000_000 >= doneAt);
  const done = pollUntil({ what: "x", probe, done: (v) => v }, { timeoutMs: 60_000 });
  await jest.advanceTimersByTimeAsync(2_000);
  await expect(done).resolves.toBe(true);
  expect(probe).toHaveBeenCalledTimes(4); // 0, 100, 200, 300

  const startedAt = Date.now() - 1_000_000;
  const times: number[] = [];
  const delayed = pollUntil(
    {
      what: "x",
      probe: async () => (times.push(Date.now() - 1_000_000 - startedAt), Date.now() - 1_000_000 - startedAt >= doneAt),
      done: (v) => v,
    },
    { timeoutMs: 60_000, firstProbeAfterMs: 100 },
  );
  await jest.advanceTimersByTimeAsync(2_000);
  await expect(delayed).resolves.toBe(true);
  expect(times).toEqual([100, 200, 300]);
});

test("something done 3 s into a wait is seen within one grown pause (<= 1.6 s)", async () => {
  const doneAt = 3_000;
  const times: number[] = [];
  const late = pollUntil(
    { what: "x", probe: async () => (times.push(Date.now() - 1_000_000), Date.now() - 1_000_000 >= doneAt), done: (v) => v },
    { timeoutMs: 60_000 },
  );
  await jest.advanceTimersByTimeAsync(10_000);
  await expect(late).resolves.toBe(true);
  const seenAt = times[times.length - 1];
  expect(seenAt).toBeGreaterThanOrEqual(doneAt);
  expect(seenAt - doneAt).toBeLessThanOrEqual(1600);
});

test("polling load stays bounded: a 60 s wait in at most 40 probes, a long one about one probe per 2 s", async () => {
  const count = async (timeoutMs: number, extra: { firstProbeAfterMs?: number } = {}) => {
    const probe = jest.fn(async () => false);
    const done = pollUntil({ what: "x", probe, done: (v) => v }, { timeoutMs, ...extra });
    const assertion = expect(done).rejects.toThrow(AgbTimeoutError);
    await jest.advanceTimersByTimeAsync(timeoutMs + 3_000);
    await assertion;
    return probe.mock.calls.length;
  };
  expect(await count(1_000)).toBe(8); // 0, 100, ..., 500, 700, 1000
  const minute = await count(60_000);
  expect(minute).toBeLessThanOrEqual(40);
  expect(await count(60_000, { firstProbeAfterMs: 100 })).toBeLessThanOrEqual(40);
  // A 10-minute wait (the default timeouts.create): one probe per 2 s after the start.
  const tenMinutes = await count(600_000);
  expect(tenMinutes - minute).toBeLessThanOrEqual(270);
});

test("explicit options: a custom pause, factor and cap, with no fast phase", async () => {
  const r = recorder([false, false, false, false, false, false, false, false, true]);
  const done = pollUntil(
    { what: "x", probe: r.probe, done: (v) => v },
    { timeoutMs: 60_000, initialDelayMs: 50, fastPhaseMs: 0, maxDelayMs: 200, factor: 1.5 },
  );
  await jest.advanceTimersByTimeAsync(10_000);
  await expect(done).resolves.toBe(true);
  const gaps = r.times.slice(1).map((t, i) => t - r.times[i]);
  expect(r.times[0]).toBe(0);
  expect(gaps).toEqual([75, 113, 169, 200, 200, 200, 200, 200]);
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
    { timeoutMs: 1000, initialDelayMs: 100, factor: 2, fastPhaseMs: 150 },
  );
  const assertion = expect(done).rejects.toThrow(AgbTimeoutError);
  await jest.advanceTimersByTimeAsync(2000);
  await assertion;
  // 100 ms flat while within the 150 ms fast phase (at 0 and 100), then 200, 400, cut at the deadline.
  expect(r.times).toEqual([0, 100, 200, 400, 800, 1000]);
  const error = await done.catch((e) => e);
  expect(error.message).toContain("session s-1 to reach RUNNING");
  expect(error.message).toContain("last seen: status PENDING");
  expect(error.message).toContain("1000 ms");
  expect(error.code).toBe("WaitTimeout");
});

test("a probe error ends the wait at once", async () => {
  const done = pollUntil(
    {
      what: "x",
      probe: async () => {
        throw new Error("boom");
      },
      done: () => true,
    },
    { timeoutMs: 1000 },
  );
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
  const notFound = new AgbNotFoundError("gone", {
    code: "InvalidMcpSession.NotFound",
    httpStatus: 400,
    requestId: "",
    operation: "getSessionInfo",
  });
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

test("waitForSyncTasks and waitForSessionGone probe first after one pause (the sync or release just started)", async () => {
  const times: number[] = [];
  const api = fakeApi({
    getSessionInfo: async (sessionId: string) => (times.push(Date.now() - 1_000_000), { sessionId, status: "FINISH" }),
    getContextInfo: async () => (times.push(Date.now() - 1_000_000), []),
  });
  const gone = waitForSessionGone(api, "s-1", { timeoutMs: 5000 });
  await jest.advanceTimersByTimeAsync(1000);
  await gone;
  const synced = waitForSyncTasks(api, { sessionId: "s-1" }, { timeoutMs: 5000 });
  await jest.advanceTimersByTimeAsync(1000);
  await synced;
  expect(times).toEqual([100, 1100]);
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
