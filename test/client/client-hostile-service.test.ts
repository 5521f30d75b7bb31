/**
 * The client against a hostile service (a server of our own on loopback): the key echoed in
 * `x-request-id` and in error fields, terminal escapes and forged lines in code, message and a sync
 * task's errorMessage, a 200 MB body and an endless one. Every error field is clean (no key, no
 * control character, bounded), and reading stops at the response cap.
 */
import * as util from "node:util";
import { AgbClient, AgbError, MAX_RESPONSE_BYTES } from "../../dist/client";
import { escapeText, startHostileServer } from "../support/hostile-server";
import type { HostileServer } from "../support/hostile-server";

jest.setTimeout(120_000);

const KEY = "akm-HOSTILE-SECRET-5e6f7a";
// C0/C1 controls and DEL: none may survive into an error, a log line or a task.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
let server: HostileServer;
let logs: string[] = [];

beforeAll(async () => {
  // Nothing is forwarded in this file: every request is attacked.
  server = await startHostileServer("http://127.0.0.1:9");
});
afterAll(() => server.close());
beforeEach(() => {
  logs = [];
});

const client = (maxAttempts = 1) => new AgbClient({ apiKey: KEY, endpoint: server.url, maxAttempts, logger: (l) => logs.push(l) });

async function failure(run: () => Promise<unknown>): Promise<AgbError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(AgbError);
    return err as AgbError;
  }
  throw new Error("expected the call to fail");
}

/** Every way an error gets shown or stored, with its fields (util.inspect's own line breaks removed: it prints the stack). */
function renderings(e: AgbError): string[] {
  const inspected = util.inspect(e).replace(/\n/g, " ");
  return [String(e), e.message, e.code, e.requestId, inspected, JSON.stringify(e), String((e as { cause?: unknown }).cause ?? "")];
}

function expectClean(texts: string[]): void {
  for (const t of texts) {
    expect(t).not.toContain(KEY);
    expect(t).not.toMatch(CONTROL);
    expect(t.length).toBeLessThan(6000);
  }
}

test("a 200 text/html answer with the key as x-request-id: requestId redacted in every rendering", async () => {
  server.attack(() => ({ kind: "answer", headers: { "content-type": "text/html", "x-request-id": KEY }, body: "<html>hi</html>" }));
  const e = await failure(() => client().getSessionInfo("s-1"));
  expect(e.code).toBe("InvalidResponse");
  expect(e.requestId).toBe("[redacted]");
  expectClean([...renderings(e), ...logs]);
  expect(logs.length).toBeGreaterThan(0);
});

test("an answer whose data is unusable, with the key in the body's requestId: redacted", async () => {
  server.attack(() => ({ kind: "answer", body: JSON.stringify({ requestId: `x${KEY}y`, success: true, code: "ok", data: 42 }) }));
  const e = await failure(() => client().getSessionInfo("s-1"));
  expect(e.code).toBe("InvalidResponse");
  expect(e.requestId).toBe("x[redacted]y");
  expectClean(renderings(e));
});

test("escapes, CR/LF, the key and a 2,000-character tail in code, message and requestId: stripped, redacted, cut", async () => {
  server.attack(() => ({
    kind: "answer",
    status: 400,
    body: JSON.stringify({
      success: false,
      code: escapeText(`Bad.${KEY}`),
      message: escapeText(`key ${KEY} refused`),
      requestId: escapeText(KEY),
    }),
  }));
  const e = await failure(() => client().getSessionInfo("s-1"));
  expectClean([...renderings(e), ...logs]);
  expect(e.code.length).toBeLessThan(300);
  expect(e.requestId.length).toBeLessThan(300);
  expect(e.message).toContain("+ victim created"); // the text is kept, only its control characters go
});

test("a failed sync task's errorMessage with escapes and the key is cleaned before it reaches callers", async () => {
  const task = { contextId: "c-1", path: "/data", status: "Failed", taskType: "download", errorMessage: escapeText(`disk ${KEY}`) };
  const contextStatus = JSON.stringify([{ type: "data", data: JSON.stringify([task]) }]);
  server.attack(() => ({ kind: "answer", body: JSON.stringify({ success: true, code: "ok", requestId: "r-1", data: { contextStatus } }) }));
  const tasks = await client().getContextInfo({ sessionId: "s-1" });
  expect(tasks).toHaveLength(1);
  expectClean([tasks[0].errorMessage ?? ""]);
  expect(tasks[0].errorMessage).toContain("disk [redacted]");
  expect((tasks[0].errorMessage ?? "").length).toBeLessThan(1100);
});

/** Samples this process's RSS while `run` runs; returns the peak growth over the start, in bytes. */
async function peakRssGrowth(run: () => Promise<unknown>): Promise<number> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - start;
}

test.each([
  ["a 200 MB body with Content-Length", false],
  ["an endless chunked body", true],
])("%s: InvalidResponse, and reading stopped at the cap", async (_name, chunked) => {
  const before = server.streamed.length;
  server.attack(() => ({ kind: "stream", bytes: 200 * 1024 * 1024, chunked }));
  let e: AgbError | undefined;
  const growth = await peakRssGrowth(async () => {
    e = await failure(() => client(2).getSessionInfo("s-1"));
  });
  expect(e?.code).toBe("InvalidResponse");
  expect(e?.message).toMatch(/longer than \d+ bytes/);
  // Both attempts (InvalidResponse is retried once here) ended well short of the 200 MB offered.
  await new Promise((r) => setTimeout(r, 200)); // let the server see the closed sockets
  const sent = server.streamed.slice(before);
  expect(sent).toHaveLength(2);
  for (const n of sent) expect(n).toBeLessThan(MAX_RESPONSE_BYTES + 16 * 1024 * 1024);
  expect(growth).toBeLessThan(160 * 1024 * 1024);
});
