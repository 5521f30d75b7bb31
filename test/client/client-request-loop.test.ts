/**
 * The retry loop with fake timers and a scripted attempt sender (standing in for the network,
 * not for the code under test): delays honour Retry-After, backoff uses the injected random
 * source, and the operation deadline ends the loop.
 */
import { AgbThrottledError, AgbTransportError, AgbTimeoutError } from "../../dist/client";
import { RequestRunner } from "../../dist/client/request-loop";
import type { AttemptSender } from "../../dist/client/request-loop";
import type { WireResponse } from "../../dist/client/transport";

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

const okResponse: WireResponse = { status: 200, text: JSON.stringify({ success: true, requestId: "r" }) };
const sent = { httpStatus: 0, requestId: "", requestMayHaveBeenSent: true };

function throttled(retryAfterMs: number) {
  const e = new AgbThrottledError("429", { ...sent, code: "Throttling", httpStatus: 429, operation: "getSession" });
  e.retryAfterMs = retryAfterMs;
  return e;
}

/** Scripted attempts: each entry is an error to throw or a response; records attempt times. */
function sender(script: Array<Error | WireResponse>): AttemptSender & { times: number[] } {
  const times: number[] = [];
  return {
    times,
    secret: "akm-unit-secret",
    send: async () => {
      times.push(Date.now());
      const next = script.shift();
      if (!next) throw new Error("script exhausted");
      if (next instanceof Error) throw next;
      return next;
    },
  } as AttemptSender & { times: number[] };
}

const decode = () => "decoded";
const settings = { requestTimeoutMs: 1000, retryDeadlineMs: 10_000, maxAttempts: 5, random: () => 0.5 };

test("waits at least Retry-After before the next attempt, then succeeds", async () => {
  const s = sender([throttled(2000), okResponse]);
  const run = new RequestRunner(s, settings).run({ operation: "getSession", method: "POST", path: "/x" }, decode);
  await jest.advanceTimersByTimeAsync(1999);
  expect(s.times).toEqual([0]);
  await jest.advanceTimersByTimeAsync(1);
  await expect(run).resolves.toBe("decoded");
  expect(s.times).toEqual([0, 2000]);
});

test("exponential backoff with the injected jitter: 50, 100, 200 ms at random 0.5", async () => {
  const err = () => new AgbTransportError("5xx", { ...sent, code: "InternalError", httpStatus: 500, operation: "getSession" });
  const s = sender([err(), err(), err(), okResponse]);
  const run = new RequestRunner(s, settings).run({ operation: "getSession", method: "POST", path: "/x" }, decode);
  await jest.advanceTimersByTimeAsync(1000);
  await expect(run).resolves.toBe("decoded");
  expect(s.times).toEqual([0, 50, 150, 350]);
});

test("a non-idempotent operation is not retried after a failure that reached the server", async () => {
  const s = sender([new AgbTimeoutError("slow", { ...sent, code: "ETIMEDOUT", operation: "createSession" }), okResponse]);
  const run = new RequestRunner(s, settings).run({ operation: "createSession", method: "POST", path: "/x" }, decode);
  await expect(run).rejects.toThrow(AgbTimeoutError);
  expect(s.times).toHaveLength(1);
});

test("the operation deadline ends the loop with the last real error", async () => {
  const s = sender([throttled(3000), throttled(3000), throttled(3000), throttled(3000)]);
  const run = new RequestRunner(s, { ...settings, retryDeadlineMs: 7000 }).run(
    { operation: "getSession", method: "POST", path: "/x" },
    decode,
  );
  const assertion = expect(run).rejects.toThrow(AgbThrottledError);
  await jest.advanceTimersByTimeAsync(20_000);
  await assertion;
  expect(s.times).toEqual([0, 3000, 6000]); // a fourth attempt would start past 7000 ms
});

test("log lines: one per attempt, with the outcome", async () => {
  const lines: string[] = [];
  const s = sender([throttled(10), okResponse]);
  const run = new RequestRunner(s, { ...settings, logger: (l) => lines.push(l) }).run(
    { operation: "getSession", method: "POST", path: "/x" },
    () => "ok",
  );
  await jest.advanceTimersByTimeAsync(100);
  await run;
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^agb getSession attempt=1 status=429 requestId=- ms=\d+ AgbThrottledError:Throttling retryInMs=50$/);
  expect(lines[1]).toMatch(/^agb getSession attempt=2 status=200 .* ok$/);
});
