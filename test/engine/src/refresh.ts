/**
 * Refresh: Read every managed resource. A blank id means it is gone (removed from state); returned
 * inputs replace the stored inputs, so drift shows as an ordinary diff on the next preview/up.
 */
import type { ProviderHost } from "./provider-host";
import type { Printer, Step } from "./printer";
import { Semaphore } from "./semaphore";
import type { ResourceState, StackState } from "./state-file";
import type { PropertyMap } from "./values";
import { changedKeys, containsSecret, remarkSecrets, unwrapMap, wrapSecret } from "./values";

export interface RefreshResult {
  state: StackState;
  steps: Step[];
  unchanged: number;
  errors: string[];
}

function remarkInputs(news: PropertyMap, olds: PropertyMap): PropertyMap {
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(news)) out[k] = k in olds && containsSecret(olds[k]) ? wrapSecret(v) : v;
  return out;
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
  const errors: string[] = [];
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
            const inputs = got.inputs ? remarkInputs(got.inputs, r.inputs) : r.inputs;
            step.keys = [...new Set([...changedKeys(r.inputs, inputs), ...changedKeys(r.outputs, outputs)])].sort();
            current.set(r, { ...r, id: got.id, outputs, inputs });
            if (!step.keys.length) {
              unchanged++;
              return;
            }
          }
        } catch (e) {
          const text = `${r.urn}: refresh failed: ${(e as Error).message}`;
          errors.push(text);
          printer.line(`error: ${text}`);
          return;
        }
        steps.push(step);
        printer.step(step, false);
        save(snapshot);
      }),
    ),
  );
  return { state: snapshot(), steps, unchanged, errors };
}
