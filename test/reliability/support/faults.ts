/** The fault mixes the scenarios inject into agb-local (docs/agb-local.md, Faults). */
import type { LocalControl } from "../../../dist/local/index.js";

/** Operations that only read (5xx on them is always safe to retry). */
export const READ_OPERATIONS = [
  "getSession",
  "getSessionInfo",
  "ListSession",
  "GetLabel",
  "GetContext",
  "ListContexts",
  "GetContextInfo",
  "DescribeContextFiles",
];

/**
 * Issue point 1: 10% 429 on every operation, 20% 5xx on reads, a few connection resets, and up to
 * 300 ms of added latency. The first matching fault fires, so the throttling fault comes first.
 */
export async function injectTransientStorm(control: LocalControl, resetProbability = 0.03): Promise<void> {
  await control.injectFault({
    operation: "*",
    mode: "error",
    probability: 0.1,
    httpStatus: 429,
    code: "Throttling",
    message: "injected throttling",
    latencyMs: 300,
  });
  for (const operation of READ_OPERATIONS) {
    await control.injectFault({ operation, mode: "error", probability: 0.2, httpStatus: 503, code: "ServiceUnavailable", latencyMs: 300 });
  }
  await control.injectFault({ operation: "*", mode: "reset", probability: resetProbability, latencyMs: 300 });
  await control.injectFault({ operation: "*", mode: "latency", latencyMs: 300 });
}

/** How often each kind of fault fired (latency-only faults counted apart from failures). */
export async function firedByKind(
  control: LocalControl,
): Promise<{ throttled: number; serverErrors: number; resets: number; drops: number; delayed: number; failures: number }> {
  const out = { throttled: 0, serverErrors: 0, resets: 0, drops: 0, delayed: 0, failures: 0 };
  for (const f of await control.faults()) {
    if (f.mode === "latency") out.delayed += f.fired;
    else if (f.mode === "reset") out.resets += f.fired;
    else if (f.mode === "commit-then-drop") out.drops += f.fired;
    else if (f.httpStatus === 429) out.throttled += f.fired;
    else out.serverErrors += f.fired;
  }
  out.failures = out.throttled + out.serverErrors + out.resets + out.drops;
  return out;
}
