import { Semaphore } from "../../dist/client";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test("grants up to the limit, queues the rest in order, counts the maximum in flight", async () => {
  const s = new Semaphore(2);
  const r1 = await s.acquire(1000, () => new Error("t"));
  const r2 = await s.acquire(1000, () => new Error("t"));
  const order: number[] = [];
  const p3 = s.acquire(1000, () => new Error("t")).then((r) => (order.push(3), r));
  const p4 = s.acquire(1000, () => new Error("t")).then((r) => (order.push(4), r));
  await Promise.resolve();
  expect(s.stats()).toMatchObject({ inFlight: 2, waiting: 2, maxInFlightObserved: 2 });
  r1();
  r1(); // releasing twice must not free two slots
  const r3 = await p3;
  expect(order).toEqual([3]);
  expect(s.stats()).toMatchObject({ inFlight: 2, waiting: 1 });
  r2();
  const r4 = await p4;
  r3();
  r4();
  expect(s.stats()).toMatchObject({ inFlight: 0, waiting: 0, maxInFlightObserved: 2, acquired: 4 });
});

test("a waiter gives up at its deadline with the given error and leaves the queue", async () => {
  const s = new Semaphore(1);
  const r1 = await s.acquire(1000, () => new Error("t"));
  const waiting = s.acquire(500, () => new Error("no slot within 500 ms"));
  const assertion = expect(waiting).rejects.toThrow("no slot within 500 ms");
  await jest.advanceTimersByTimeAsync(500);
  await assertion;
  expect(s.stats().waiting).toBe(0);
  r1();
  expect(s.stats().inFlight).toBe(0);
});

test("tryAcquire grants a free slot at once and never jumps the queue", async () => {
  const s = new Semaphore(1);
  const r1 = s.tryAcquire();
  expect(typeof r1).toBe("function");
  expect(s.tryAcquire()).toBeUndefined(); // full
  const queued = s.acquire(1000, () => new Error("t"));
  r1!();
  // The slot went to the queued waiter, so a newcomer still gets none.
  expect(s.tryAcquire()).toBeUndefined();
  const r2 = await queued;
  expect(s.stats()).toMatchObject({ inFlight: 1, waiting: 0, acquired: 2 });
  r2();
  const r3 = s.tryAcquire();
  expect(s.stats()).toMatchObject({ inFlight: 1, acquired: 3 });
  r3!();
});
