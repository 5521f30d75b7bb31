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

test("default schedule: probes at once, every 25 ms for the first second, then backs off by 1.5 up to 1 s", async () => {
  const r = recorder([false]);
  const done = pollUntil({ what: "x", probe: r.probe, done: (v) => v }, { timeoutMs: 8_000 });
  const assertion = expect(done).rejects.toThrow(AgbTimeoutError);
  await jest.advanceTimersByTimeAsync(10_000);
  await assertion;
  const gaps = r.times.slice(1).map((t, i) => t - r.times[i]);
  expect(r.times[0]).toBe(0);
  // The fast phase: 40 flat pauses bring the wait to 1000 ms.
  expect(gaps.slice(0, 40)).toEqual(Array(40).fill(25));
  expect(r.times[40]).toBe(1000);
  // Then 25 x 1.5^n, rounded, capped at 1000 ms.
  expect(gaps.slice(40, 51)).toEqual([38, 56, 84, 127, 190, 285, 427, 641, 961, 1000, 1000]);
  // The last probe happens exactly at the deadline, never after it.
  expect(r.times[r.times.length - 1]).toBe(8_000);
  expect(gaps.every((g) => g > 0 && g <= 1000)).toBe(true);
});

test("a fast cloud is noticed fast: done at 300 ms is seen at the first probe after it (<= 25 ms late)", async () => {
  let doneAt = 300;
  const probe = jest.fn(async () => Date.now() - 1_000_000 >= doneAt);
  const done = pollUntil({ what: "x", probe, done: (v) => v }, { timeoutMs: 60_000 });
  await jest.advanceTimersByTimeAsync(2_000);
  await expect(done).resolves.toBe(true);
  expect(probe).toHaveBeenCalledTimes(13); // 0, 25, ..., 300
  // Something done 3 s into a wait (after the fast phase) is seen within one grown pause (<= 961 ms).
  doneAt = Date.now() - 1_000_000 + 3_000;
  const times: number[] = [];
  const late = pollUntil({ what: "x", probe: async () => (times.push(Date.now() - 1_000_000), Date.now() - 1_000_000 >= doneAt), done: (v) => v }, { timeoutMs: 60_000 });
  await jest.advanceTimersByTimeAsync(10_000);
  await expect(late).resolves.toBe(true);
  const seenAt = times[times.length - 1];
  expect(seenAt).toBeGreaterThanOrEqual(doneAt);
  expect(seenAt - doneAt).toBeLessThanOrEqual(961);
  expect(seenAt - times[times.length - 2]).toBeLessThanOrEqual(961);
});

test("polling load stays bounded: probes per wait", async () => {
  const count = async (timeoutMs: number) => {
    const probe = jest.fn(async () => false);
    const done = pollUntil({ what: "x", probe, done: (v) => v }, { timeoutMs });
    const assertion = expect(done).rejects.toThrow(AgbTimeoutError);
    await jest.advanceTimersByTimeAsync(timeoutMs + 1_000);
    await assertion;
    return probe.mock.calls.length;
  };
  // First second: 41 probes (at 0, 25, ..., 1000); 10 s: + 9 growing pauses + ~1 per second.
  expect(await count(1_000)).toBe(41);
  const tenSeconds = await count(10_000);
  expect(tenSeconds).toBeGreaterThanOrEqual(55);
  expect(tenSeconds).toBeLessThanOrEqual(58);
  // A 10-minute wait (the default timeouts.create) probes about once a second after the start.
  const tenMinutes = await count(600_000);
  expect(tenMinutes).toBeLessThanOrEqual(41 + 10 + 600);
  expect(tenMinutes - tenSeconds).toBeLessThanOrEqual(591);
});

test("explicit options: a custom pause, factor and cap, with no fast phase", async () => {
  const r = recorder([false, false, false, false, false, false, false, false, true]);
  const done = pollUntil({ what: "x", probe: r.probe, done: (v) => v }, { timeoutMs: 60_000, initialDelayMs: 50, fastPhaseMs: 0, maxDelayMs: 200 });
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
