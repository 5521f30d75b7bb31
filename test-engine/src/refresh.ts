/**
 * Refresh: Read every managed resource. A blank id means it is gone (removed from state); returned
 * inputs replace the stored inputs, so drift shows as an ordinary diff on the next preview/up.
 */
import type { ProviderHost } from "./provider-host";
import type { Diagnostic, Printer, Step } from "./printer";
import { Semaphore } from "./semaphore";
import type { ResourceState, StackState } from "./state-file";
import { driftKeys, remarkSecrets, unwrapMap } from "./values";

export interface RefreshResult {
  state: StackState;
  steps: Step[];
  unchanged: number;
  /** Each failure, attached to its resource. */
  diagnostics: Diagnostic[];
}

export async function refresh(
  state: StackState,
  host: () => Promise<ProviderHost>,
  printer: Printer,
  parallel: number,
  /** Marks the state changed (the writer reads the snapshot when it writes). */
  save: (snapshot: () => StackState) => void,
): Promise<RefreshResult> {
  const sem = new Semaphore(Math.max(1, parallel));
  const steps: Step[] = [];
  const diagnostics: Diagnostic[] = [];
  let unchanged = 0;
  const current = new Map(state.resources.map((r) => [r, r] as [ResourceState, ResourceState]));
  const snapshot = (): StackState => ({
    ...state,
    resources: state.resources.map((r) => current.get(r)).filter((r): r is ResourceState => !!r),
  });
  await Promise.all(
    state.resources.map((r) =>
      sem.run(async () => {
        if (!r.custom || !r.id) {
          unchanged++;
          return;
        }
        const step: Step = { op: "refresh", urn: r.urn, type: r.type, name: r.name, keys: [] };
        try {
          const p = await host();
          const got = await p.read(r.urn, r.id, unwrapMap(r.outputs), unwrapMap(r.inputs));
          if (!got.id) {
            current.delete(r);
            step.gone = true;
          } else {
            const outputs = remarkSecrets(got.outputs, r.inputs, r.additionalSecretOutputs);
            // Returned inputs are secret where the stored inputs were.
            const inputs = got.inputs ? remarkSecrets(got.inputs, r.inputs, []) : r.inputs;
            step.keys = driftKeys(r.inputs, inputs, r.outputs, outputs);
            current.set(r, { ...r, id: got.id, outputs, inputs });
            if (!step.keys.length) {
              unchanged++;
              return;
            }
          }
        } catch (e) {
          diagnostics.push({ urn: r.urn, message: `refresh failed: ${(e as Error).message}` });
          return;
        }
        steps.push(step);
        printer.step(step, false);
        save(snapshot);
      }),
    ),
  );
  return { state: snapshot(), steps, unchanged, diagnostics };
}
