import * as util from "node:util";
import {
  AgbAccessDeniedError,
  AgbError,
  AgbInvalidParameterError,
  AgbNotFoundError,
  AgbThrottledError,
  AgbTimeoutError,
  AgbTransportError,
  classifyFailure,
  errorFromAnswer,
  errorFromTransport,
  redact,
} from "../../dist/client";

const KEY = "akm-UNIT-SECRET-7f3a9c";

describe("classifyFailure (docs/agb-protocol.md §4)", () => {
  test.each([
    [400, "InvalidMcpSession.NotFound", "Session not found", AgbNotFoundError],
    [200, "InvalidSession.NotFound", "Resource [Session] is not found", AgbNotFoundError],
    [400, "SomethingElse", "context Not Found", AgbInvalidParameterError],
    [400, "NotFound", "gone", AgbNotFoundError],
    [400, "InvalidContext.NotFound", "context c-1 not found", AgbNotFoundError],
    [403, "InvalidApiKey.NotFound", "The specified API key is not found", AgbAccessDeniedError],
    [200, "InvalidApiKey.NotFound", "The specified API key is not found", AgbAccessDeniedError],
    [400, "InvalidMcpSession.NotFound", "x", AgbNotFoundError],
    [401, "InvalidMcpSession.NotFound", "Session not found", AgbAccessDeniedError],
    [400, "Forbidden.RAM", "not found", AgbAccessDeniedError],
    [400, "User.Unauthorized", "not found", AgbAccessDeniedError],
    [403, "AccessDenied", "denied", AgbAccessDeniedError],
    [401, "", "no key", AgbAccessDeniedError],
    [200, "AccessDenied", "x", AgbAccessDeniedError],
    [400, "InvalidParameter", "imageId is required", AgbInvalidParameterError],
    [429, "", "slow down", AgbThrottledError],
    [400, "Throttling.User", "slow down", AgbThrottledError],
    [500, "InternalError", "oops", AgbTransportError],
    [503, "", "unavailable", AgbTransportError],
    [404, "InvalidAction.NotFound", "unknown endpoint", AgbError],
    [200, "QuotaExceeded", "too many sessions", AgbError],
  ])("HTTP %s code %j message %j", (status, code, message, expected) => {
    expect(classifyFailure(status, code, message)).toBe(expected);
  });

  test("not-found is per operation: a missing context is not a missing session", () => {
    expect(classifyFailure(400, "InvalidContext.NotFound", "context not found", "syncContext")).toBe(AgbInvalidParameterError);
    expect(classifyFailure(400, "InvalidContext.NotFound", "context not found", "getContext")).toBe(AgbNotFoundError);
    expect(classifyFailure(400, "InvalidMcpSession.NotFound", "session not found", "getContext")).toBe(AgbInvalidParameterError);
    expect(classifyFailure(400, "InvalidMcpSession.NotFound", "session not found", "getSessionInfo")).toBe(AgbNotFoundError);
    expect(classifyFailure(400, "NotFound", "x", "createSession")).toBe(AgbInvalidParameterError);
  });

  test("getSessionInfo also takes the SDKs' 400 + 'not found' rule, but never on an access status", () => {
    expect(classifyFailure(400, "Whatever", "Session not found", "getSessionInfo")).toBe(AgbNotFoundError);
    expect(classifyFailure(400, "Whatever", "Session not found", "getSession")).toBe(AgbInvalidParameterError);
    expect(classifyFailure(403, "InvalidApiKey.NotFound", "The specified API key is not found", "getSessionInfo")).toBe(
      AgbAccessDeniedError,
    );
  });
});

describe("errorFromAnswer", () => {
  test("uses the body's httpStatusCode when HTTP is 200, and carries code, status, requestId, operation", () => {
    const e = errorFromAnswer({
      operation: "getSessionInfo",
      httpStatus: 200,
      bodyStatus: 403,
      code: "Forbidden.Key",
      message: "no",
      requestId: "r-9",
    });
    expect(e).toBeInstanceOf(AgbAccessDeniedError);
    expect(e).toMatchObject({
      code: "Forbidden.Key",
      httpStatus: 200,
      requestId: "r-9",
      operation: "getSessionInfo",
      requestMayHaveBeenSent: true,
    });
    expect(e.message).toContain("getSessionInfo");
    expect(e.message).toContain("Forbidden.Key");
    expect(e.message).toContain("check agb:apiKey");
  });
  test("throttled errors carry Retry-After in ms", () => {
    const e = errorFromAnswer({ operation: "x", httpStatus: 429, requestId: "", retryAfter: "2" });
    expect(e).toBeInstanceOf(AgbThrottledError);
    expect((e as AgbThrottledError).retryAfterMs).toBe(2000);
    const d = errorFromAnswer(
      { operation: "x", httpStatus: 429, requestId: "", retryAfter: "Thu, 01 Jan 2026 00:00:04 GMT" },
      Date.parse("2026-01-01T00:00:00Z"),
    );
    expect((d as AgbThrottledError).retryAfterMs).toBe(4000);
  });
  test("server text echoing the key is scrubbed", () => {
    const e = errorFromAnswer({
      operation: "x",
      httpStatus: 403,
      code: `Bad${KEY}`,
      message: `key ${KEY} is invalid`,
      requestId: KEY,
      secret: KEY,
    });
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain(KEY);
    expect(util.inspect(e, { showHidden: true, depth: 10 })).not.toContain(KEY);
  });
});

describe("errorFromTransport", () => {
  test("connection refused / DNS: not sent", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) {
      const e = errorFromTransport("createSession", { name: "RequestError", code, message: `connect ${code}`, timings: {} }, KEY, 1000);
      expect(e).toBeInstanceOf(AgbTransportError);
      expect(e.requestMayHaveBeenSent).toBe(false);
      expect(e.code).toBe(code);
      expect(e.httpStatus).toBe(0);
    }
  });
  test("reset after connecting: may have been sent", () => {
    const e = errorFromTransport(
      "createSession",
      { name: "RequestError", code: "ECONNRESET", message: "socket hang up", timings: { connect: 5 } },
      KEY,
      1000,
    );
    expect(e).toBeInstanceOf(AgbTransportError);
    expect(e.requestMayHaveBeenSent).toBe(true);
  });
  test("timeouts become AgbTimeoutError; still connecting = not sent", () => {
    const sent = errorFromTransport(
      "getSession",
      { name: "TimeoutError", code: "ETIMEDOUT", message: "Timeout awaiting 'request' for 50ms", timings: { connect: 1 } },
      KEY,
      50,
    );
    expect(sent).toBeInstanceOf(AgbTimeoutError);
    expect(sent.requestMayHaveBeenSent).toBe(true);
    expect(sent.message).toContain("50 ms");
    const connecting = errorFromTransport("getSession", { name: "TimeoutError", code: "ETIMEDOUT", message: "t", timings: {} }, KEY, 50);
    expect(connecting.requestMayHaveBeenSent).toBe(false);
  });
  test("the cause is a sanitized copy: no got objects, no key", () => {
    const gotLike = Object.assign(new Error(`failed for Bearer ${KEY}`), {
      name: "RequestError",
      code: "ECONNRESET",
      options: { headers: { authorization: `Bearer ${KEY}` } },
      timings: { connect: 1 },
    });
    const e = errorFromTransport("getLabels", gotLike, KEY, 1000);
    expect(e.cause).not.toBe(gotLike);
    const texts = [
      e.message,
      String(e.cause),
      JSON.stringify(e),
      util.inspect(e, { showHidden: true, depth: 20 }),
      (e.cause as Error).stack ?? "",
    ];
    for (const t of texts) expect(t).not.toContain(KEY);
  });
  test("redact replaces every occurrence", () => {
    expect(redact(`a${KEY}b${KEY}`, KEY)).toBe("a[redacted]b[redacted]");
    expect(redact("plain", "")).toBe("plain");
  });
});
