/** Waiting on agb-local's `"hold"` faults (provider/local/faults.ts) from a test. */
import type { LocalControl } from "../../dist/local/control/client";

/** Resolves once the fault `id` holds `n` requests; throws after `deadlineMs` (default 300 s, a busy machine). */
export async function untilHeld(control: LocalControl, id: string, n: number, deadlineMs = 300_000): Promise<void> {
  const stopAt = Date.now() + deadlineMs;
  for (;;) {
    const fault = (await control.faults()).find((f) => f.id === id);
    if (fault?.held === n) return;
    if (Date.now() > stopAt) throw new Error(`fault ${id} holds ${fault?.held} requests, not ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
