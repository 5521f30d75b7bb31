/**
 * One preview or update: answers the program's RegisterResource calls by stepping each resource
 * through the provider host (Check -> Diff -> Create/Update/replace), then deletes what the program
 * no longer declares. Every step marks the state for the coalescing writer (never during a preview).
 */
import type { ProviderHost } from "./provider-host";
import { InitFailedError } from "./provider-host";
import { diagnosticText } from "./printer";
import type { Diagnostic, Printer, Step } from "./printer";
import { deleteInReverseOrder } from "./resource-graph";
import { Semaphore } from "./semaphore";
import type { ResourceState, StackState } from "./state-file";
import type { StateWriter } from "./state-writer";
import type { PropertyMap } from "./values";
import { changedKeys, remarkSecrets, unwrapMap } from "./values";

export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  inputs: PropertyMap;
  dependencies: string[];
  additionalSecretOutputs: string[];
  replaceOnChanges: string[];
  /** The program's deleteBeforeReplace option, when it set one. */
  deleteBeforeReplace?: boolean;
  /** Resource options set that this engine does not implement (refused); default none. */
  unsupportedOptions?: string[];
}

/**
 * The answer to a registration made after the deployment was cancelled by a failure. The real
 * engine answers such registrations, and the failed one, with gRPC UNAVAILABLE ("resource monitor
 * shut down ...": pulumi/pulumi pkg/resource/deploy/source_eval.go, RegisterResource waiting on
 * `rm.cancel`), which the SDK takes as the engine terminating: the program then stops quietly
 * instead of printing the error again with its stack (sdk/nodejs runtime/resource.ts).
 */
export class DeploymentCancelled extends Error {
  constructor(readonly urn: string) {
    super(`resource monitor shut down: the deployment was cancelled by an earlier failure (${urn} not registered)`);
  }
}

export interface RegisterAnswer {
  urn: string;
  id: string;
  outputs: PropertyMap;
}

export interface DeploymentOptions {
  project: string;
  stack: string;
  preview: boolean;
  old: StackState;
  /** Absent during a preview: nothing is written. */
  writer?: StateWriter;
  host: () => Promise<ProviderHost>;
  printer: Printer;
  parallel: number;
  /** URNs replaced whatever their diff says (`pulumi up --replace <urn>`); default none. */
  replaceTargets?: string[];
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The URN of a stack's root resource (the SDK names it `<project>-<stack>`). */
export function stackUrn(project: string, stack: string): string {
  return `urn:pulumi:${stack}::${project}::${STACK_TYPE}::${project}-${stack}`;
}

export class Deployment {
  readonly steps: Step[] = [];
  /** Each failure once, attached to its resource. */
  private readonly failures: Diagnostic[] = [];
  /** Set by the first failure: no new step starts, as the real engine stops its step executor. */
  private cancelled = false;
  /** A provider operation (create, update, delete) failed, as opposed to a check or a registration. */
  private executionFailed = false;
  private readonly olds = new Map<string, ResourceState>();
  private readonly news = new Map<string, ResourceState>();
  private readonly pendingDeletes: ResourceState[] = [];
  private stackOutputs: PropertyMap;
  private readonly sem: Semaphore;
  unchanged = 0;

  constructor(private readonly opts: DeploymentOptions) {
    for (const r of opts.old.resources) {
      if (r.pendingDelete) this.pendingDeletes.push(r);
      else this.olds.set(r.urn, r);
    }
    this.stackOutputs = opts.old.outputs;
    this.sem = new Semaphore(Math.max(1, opts.parallel));
  }

  /** The failures as text, each naming its resource. */
  get errors(): string[] {
    return this.failures.map(diagnosticText);
  }

  /**
   * The failures, for "Diagnostics:". A failed provider operation also marks the stack "update
   * failed", as the CLI prints it and counts it among the errored resources; a check failure or a
   * preview does not (measured in test/cli/engine-matches-cli.test.ts).
   */
  get diagnostics(): Diagnostic[] {
    const stackFailed = !this.opts.preview && this.executionFailed;
    return stackFailed
      ? [...this.failures, { urn: stackUrn(this.opts.project, this.opts.stack), message: "update failed" }]
      : this.failures;
  }

  urnFor(type: string, name: string, parent: string): string {
    const p = parent ? (this.news.get(parent) ?? this.olds.get(parent)) : undefined;
    let qualified = type;
    if (p && p.type !== STACK_TYPE) qualified = `${p.urn.split("::")[2]}$${type}`;
    return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${qualified}::${name}`;
  }

  snapshot(): StackState {
    const resources = [...this.news.values()];
    for (const r of this.olds.values()) if (!this.news.has(r.urn)) resources.push(r);
    resources.push(...this.pendingDeletes);
    return { version: 1, project: this.opts.project, stack: this.opts.stack, resources, outputs: this.stackOutputs };
  }

  private save(): void {
    if (!this.opts.preview) this.opts.writer?.mark(() => this.snapshot());
  }

  private record(step: Step): void {
    this.steps.push(step);
    this.opts.printer.step(step, this.opts.preview);
  }

  /** Records a failure against `urn`, cancels the deployment, and returns what the program is answered. */
  fail(urn: string, message: string): Error {
    this.failures.push({ urn, message });
    this.cancelled = true;
    return new DeploymentCancelled(urn);
  }

  async register(reg: Registration): Promise<RegisterAnswer> {
    const urn = this.urnFor(reg.type, reg.name, reg.parent);
    if (this.cancelled) throw new DeploymentCancelled(urn);
    if (reg.unsupportedOptions?.length) {
      throw this.fail(
        urn,
        `the in-repo test engine does not implement ${reg.unsupportedOptions.join(", ")}; run it with the real pulumi CLI (npm run setup:pulumi)`,
      );
    }
    if (this.news.has(urn)) throw this.fail(urn, "a resource with this URN was already registered (duplicate name)");
    const old = this.olds.get(urn);
    const base: ResourceState = {
      urn,
      type: reg.type,
      name: reg.name,
      custom: reg.custom,
      id: "",
      parent: reg.parent,
      inputs: reg.inputs,
      outputs: reg.inputs,
      dependencies: reg.dependencies,
      additionalSecretOutputs: reg.additionalSecretOutputs,
    };
    if (!reg.custom) {
      // Components and the stack have no provider: their state is what the program said.
      const next = { ...base, outputs: old?.outputs ?? {} };
      this.news.set(urn, next);
      if (old) this.unchanged++;
      else this.record({ op: "create", urn, type: reg.type, name: reg.name, keys: [] });
      this.save();
      return { urn, id: "", outputs: next.outputs };
    }
    if (!reg.type.startsWith("pulumi-nodejs:dynamic")) {
      throw this.fail(urn, `type ${reg.type} is not a dynamic resource; the test engine only runs the Node.js dynamic provider`);
    }
    return this.sem.run(() => this.stepCustom(urn, reg, base, old));
  }

  private async stepCustom(urn: string, reg: Registration, base: ResourceState, old: ResourceState | undefined): Promise<RegisterAnswer> {
    // Steps already running finish; none starts after a failure.
    if (this.cancelled) throw new DeploymentCancelled(urn);
    const host = await this.opts.host();
    // A targeted replace ignores the old state: Check gets no olds and the provider's Diff is never
    // called (pulumi/pulumi pkg/resource/deploy/step_generator.go, `isTargetedReplace`).
    const targeted = old !== undefined && (this.opts.replaceTargets ?? []).includes(urn);
    const checked = await host.check(urn, old && !targeted ? unwrapMap(old.inputs) : {}, unwrapMap(reg.inputs)).catch((e: Error) => {
      throw this.fail(urn, e.message);
    });
    if (checked.failures.length) {
      throw this.fail(
        urn,
        "check failed: " + checked.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; "),
      );
    }
    // The provider sees no secrets; re-mark the checked inputs where the program's inputs were secret.
    const inputs = remarkSecrets(checked.inputs, reg.inputs, []);
    const step: Step = { op: "create", urn, type: reg.type, name: reg.name, keys: [] };
    if (old && targeted) {
      step.op = "replace";
      step.keys = ["id"];
      step.deleteBeforeReplace = reg.deleteBeforeReplace ?? false;
    } else if (old) {
      const diff = await host.diff(urn, old.id, unwrapMap(old.outputs), unwrapMap(old.inputs), unwrapMap(inputs)).catch((e: Error) => {
        throw this.fail(urn, e.message);
      });
      const changed = changedKeys(old.inputs, inputs);
      const replaces = [...new Set([...diff.replaces, ...reg.replaceOnChanges.filter((k) => changed.includes(k))])];
      const some = diff.changes === "some" || (diff.changes === "unknown" && changed.length > 0) || replaces.length > 0;
      if (replaces.length) {
        step.op = "replace";
        step.keys = replaces.sort();
        step.deleteBeforeReplace = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      } else if (some || old.initErrors?.length) {
        step.op = "update";
        step.keys = changed;
      } else step.op = "same";
    }
    const next: ResourceState = { ...base, inputs };
    if (this.opts.preview) return this.previewAnswer(step, next, old);
    try {
      if (step.op === "same") {
        next.id = old!.id;
        next.outputs = old!.outputs;
        this.unchanged++;
      } else if (step.op === "update") {
        const outs = await host.update(urn, old!.id, unwrapMap(old!.outputs), unwrapMap(old!.inputs), unwrapMap(inputs));
        next.id = old!.id;
        next.outputs = remarkSecrets(outs, inputs, reg.additionalSecretOutputs);
      } else {
        if (step.op === "replace" && step.deleteBeforeReplace) {
          await host.delete(urn, old!.id, unwrapMap(old!.outputs), unwrapMap(old!.inputs));
          this.olds.delete(urn);
          this.save();
        }
        const created = await host.create(urn, unwrapMap(inputs));
        next.id = created.id;
        next.outputs = remarkSecrets(created.outputs, inputs, reg.additionalSecretOutputs);
        if (step.op === "replace" && !step.deleteBeforeReplace) {
          // Create-before-delete: the old object stays until the end of the run.
          this.pendingDeletes.push({ ...old!, pendingDelete: true });
          this.olds.delete(urn);
        }
      }
    } catch (e) {
      this.executionFailed = true;
      if (e instanceof InitFailedError) {
        // The object exists but is not healthy: keep it in state so nothing leaks.
        next.id = e.id;
        next.outputs = remarkSecrets(e.properties, inputs, reg.additionalSecretOutputs);
        next.initErrors = e.reasons.length ? e.reasons : [e.message];
        if (step.op === "replace" && !step.deleteBeforeReplace && old) {
          this.pendingDeletes.push({ ...old, pendingDelete: true });
          this.olds.delete(urn);
        }
        this.news.set(urn, next);
        this.record({ ...step, failed: true });
        this.save();
      } else {
        this.record({ ...step, failed: true });
        this.save();
      }
      throw this.fail(urn, (e as Error).message);
    }
    this.news.set(urn, next);
    this.record(step);
    this.save();
    // As the real engine: the program hears of the step only once its result is on disk
    // (pulumi/pulumi pkg/resource/deploy/step_executor.go: OnResourceStepPost saves the step in the
    // snapshot before stepComplete answers the registration). Concurrent steps share one write.
    if (step.op !== "same") await this.opts.writer?.flush();
    return { urn, id: next.id, outputs: next.outputs };
  }

  /** Preview never calls Create/Update: new and changed resources answer with their inputs only. */
  private previewAnswer(step: Step, next: ResourceState, old: ResourceState | undefined): RegisterAnswer {
    if (step.op === "same") {
      this.unchanged++;
      next.id = old!.id;
      next.outputs = old!.outputs;
    } else {
      next.id = step.op === "update" ? old!.id : "";
      next.outputs = next.inputs;
    }
    this.news.set(next.urn, next);
    this.record(step);
    return { urn: next.urn, id: next.id, outputs: next.outputs };
  }

  registerOutputs(urn: string, outputs: PropertyMap): void {
    const r = this.news.get(urn);
    if (!r) return;
    // A new object, not a mutation: the state store caches each resource's serialized form by object.
    this.news.set(urn, { ...r, outputs });
    if (r.type === STACK_TYPE) this.stackOutputs = outputs;
    this.save();
  }

  /** A `static get`: read once, never managed. */
  addExternal(r: ResourceState): void {
    this.news.set(r.urn, r);
    this.record({ op: "read", urn: r.urn, type: r.type, name: r.name, keys: [] });
    this.save();
  }

  /** After the program succeeded: deletes what it no longer declares and the replaced copies. */
  async finish(): Promise<void> {
    const gone = [...this.olds.values()].filter((r) => !this.news.has(r.urn));
    const externals = gone.filter((r) => r.external);
    for (const r of externals) this.olds.delete(r.urn);
    const targets = [...gone.filter((r) => !r.external), ...this.pendingDeletes];
    await deleteInReverseOrder(targets, (r) => this.deleteOne(r), this.sem);
    if (!this.news.size) this.stackOutputs = {};
    this.save();
  }

  private async deleteOne(r: ResourceState): Promise<void> {
    const step: Step = { op: "delete", urn: r.urn, type: r.type, name: r.name, keys: [] };
    if (r.pendingDelete) {
      // Already counted as part of its replacement.
      if (!this.opts.preview) await this.providerDelete(r);
      this.pendingDeletes.splice(this.pendingDeletes.indexOf(r), 1);
      this.save();
      return;
    }
    if (!this.opts.preview) await this.providerDelete(r);
    this.olds.delete(r.urn);
    this.record(step);
    this.save();
  }

  private async providerDelete(r: ResourceState): Promise<void> {
    if (!r.custom) return;
    const host = await this.opts.host();
    try {
      await host.delete(r.urn, r.id, unwrapMap(r.outputs), unwrapMap(r.inputs));
    } catch (e) {
      this.executionFailed = true;
      throw this.fail(r.urn, `delete failed: ${(e as Error).message}`);
    }
  }

  get outputs(): PropertyMap {
    return this.stackOutputs;
  }
}
