/**
 * The test engine's API: one operation (preview, up, refresh, preview-refresh, destroy) on a program
 * directory and a stack, with the real program runtime and the real dynamic-provider host.
 */
import { join } from "node:path";
import { Deployment, stackUrn as stackUrnOf } from "./deployment";
import { MonitorServer } from "./monitor-server";
import { diagnosticText, Printer } from "./printer";
import type { Diagnostic, Step } from "./printer";
import { loadProject, resolveConfig } from "./project-config";
import { prepareProgram, runProgram } from "./program";
import type { PrepareOptions } from "./program";
import { ProviderHost } from "./provider-host";
import { refresh } from "./refresh";
import { StateStore } from "./state-file";
import { StateWriter } from "./state-writer";
import type { StackState } from "./state-file";
import type { PropertyMap, Value } from "./values";
import { isSecret, remarkSecrets, unwrapSecrets } from "./values";

export type Operation = "preview" | "up" | "refresh" | "preview-refresh" | "destroy";

export interface RunOptions {
  op: Operation;
  /** The project directory (holding Pulumi.yaml). */
  programDir: string;
  stack: string;
  /** Where `<stack>.json` (state) and `<stack>.key` (secrets key) live; default `<programDir>/.engine-state`. */
  stateDir?: string;
  /** Plain config (`agb:endpoint` or project-relative keys); default none. */
  config?: Record<string, string>;
  /** Secret config; default none. */
  secretConfig?: Record<string, string>;
  /** How many resource steps run at once; default 8. */
  parallel?: number;
  /** URNs to replace whatever their diff says (`pulumi up --replace <urn>`); default none. */
  replaceTargets?: string[];
  /** Environment of the program and the provider host; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Also write every printed line to stdout; default false. */
  echo?: boolean;
  /** Link node_modules for the program (see prepareProgram); default true. */
  prepare?: boolean;
  /** What prepareProgram puts in node_modules; default pulumi-agb copied, its dependencies linked. */
  prepareWith?: PrepareOptions;
}

export interface RunResult {
  ok: boolean;
  steps: Step[];
  summary: string;
  /** Stack outputs with secrets unwrapped (the caller is trusted); see secretOutputs. */
  outputs: Record<string, Value>;
  secretOutputs: string[];
  printed: string;
  error?: string;
  statePath: string;
}

const HEADERS: Record<Operation, string> = {
  preview: "Previewing update",
  up: "Updating",
  refresh: "Refreshing",
  "preview-refresh": "Previewing update (with refresh)",
  destroy: "Destroying",
};

export async function runOperation(o: RunOptions): Promise<RunResult> {
  const project = loadProject(o.programDir);
  const config = resolveConfig(project, o.stack, o.config, o.secretConfig);
  const store = new StateStore(o.stateDir ?? join(project.dir, ".engine-state"), o.stack);
  const writer = new StateWriter(store);
  const printer = new Printer(o.echo ?? false);
  const env = o.env ?? process.env;
  const parallel = o.parallel ?? 8;
  const preview = o.op === "preview" || o.op === "preview-refresh";
  if (o.prepare ?? true) prepareProgram(project.dir, o.prepareWith);
  printer.line(`${HEADERS[o.op]} (${o.stack}):`);

  let host: Promise<ProviderHost> | undefined;
  const getHost = () =>
    (host ??= ProviderHost.start({
      programDir: project.programDir,
      project: project.name,
      stack: o.stack,
      env,
      onOutput: (l) => printer.line(`    ${l}`),
    }).then(async (h) => {
      await h.configure(config.values);
      return h;
    }));

  let state: StackState = store.load(project.name, o.stack);
  const steps: Step[] = [];
  const errors: string[] = [];
  // Every error is printed once, in "Diagnostics:" after the steps, against its resource; errors
  // of the program or of the run itself go to the stack, as the CLI attaches them.
  const stackUrn = stackUrnOf(project.name, o.stack);
  const diagnostics: Diagnostic[] = [];
  const runError = (message: string): void => {
    errors.push(message);
    diagnostics.push({ urn: stackUrn, message });
  };
  let unchanged = 0;
  let outputs: PropertyMap = state.outputs;
  let server: MonitorServer | undefined;
  try {
    if (o.op === "refresh" || o.op === "preview-refresh") {
      const r = await refresh(state, getHost, printer, parallel, o.op === "refresh" ? (snap) => writer.mark(snap) : () => undefined);
      steps.push(...r.steps);
      errors.push(...r.diagnostics.map(diagnosticText));
      diagnostics.push(...r.diagnostics);
      state = r.state;
      unchanged = r.unchanged;
      if (o.op === "refresh" && !errors.length) {
        const refreshed = state;
        writer.mark(() => refreshed);
      }
    }
    if (o.op === "preview" || o.op === "up" || (o.op === "preview-refresh" && !errors.length)) {
      const d = new Deployment({
        project: project.name,
        stack: o.stack,
        preview,
        old: state,
        writer: preview ? undefined : writer,
        host: getHost,
        printer,
        parallel,
        replaceTargets: o.replaceTargets,
      });
      const programErrors: string[] = [];
      server = await MonitorServer.start({
        project: project.name,
        stack: o.stack,
        register: (reg) => d.register(reg),
        registerOutputs: (urn, outs) => d.registerOutputs(urn, outs),
        read: async (req) => {
          const urn = d.urnFor(req.type, req.name, req.parent);
          const h = await getHost();
          const got = await h.read(urn, req.id, {}, unwrapSecrets(req.inputs) as PropertyMap).catch((e: Error) => {
            throw d.fail(urn, e.message);
          });
          if (!got.id) throw d.fail(urn, `resource '${req.id}' does not exist`);
          const outs = remarkSecrets(got.outputs, req.inputs, req.additionalSecretOutputs);
          d.addExternal({
            urn,
            type: req.type,
            name: req.name,
            custom: true,
            id: got.id,
            parent: req.parent,
            inputs: got.inputs ?? req.inputs,
            outputs: outs,
            dependencies: req.dependencies,
            additionalSecretOutputs: req.additionalSecretOutputs,
            external: true,
          });
          return { urn, id: got.id, outputs: outs };
        },
        log: (sev, msg, urn) => {
          if (sev === "debug") return;
          if (sev === "error") {
            programErrors.push(msg);
            diagnostics.push({ urn: urn || stackUrn, message: msg.replace(/\n$/, "") });
            return;
          }
          printer.line(sev === "info" ? msg.replace(/\n$/, "") : `${sev}: ${msg.replace(/\n$/, "")}`);
        },
      });
      const code = await runProgram({
        programDir: project.programDir,
        entryPoint: project.entryPoint,
        project: project.name,
        stack: o.stack,
        monitor: server.address,
        preview,
        parallel,
        config: config.values,
        secretKeys: config.secretKeys,
        env,
        onOutput: (l) => printer.line(l),
      });
      errors.push(...d.errors);
      errors.push(...programErrors);
      if (!errors.length && code !== 0) runError(`the program exited with code ${code}`);
      if (!errors.length) {
        await d.finish().catch(() => undefined);
        errors.push(...d.errors);
      }
      diagnostics.push(...d.diagnostics);
      steps.push(...d.steps);
      unchanged += d.unchanged;
      outputs = d.outputs;
    }
    if (o.op === "destroy") {
      const d = new Deployment({
        project: project.name,
        stack: o.stack,
        preview: false,
        old: state,
        writer,
        host: getHost,
        printer,
        parallel,
        replaceTargets: o.replaceTargets,
      });
      await d.finish().catch(() => undefined);
      errors.push(...d.errors);
      diagnostics.push(...d.diagnostics);
      steps.push(...d.steps);
      outputs = d.outputs;
    }
  } catch (e) {
    runError((e as Error).message);
  } finally {
    await server?.close();
    if (host)
      await host.then(
        (h) => h.close(),
        () => undefined,
      );
    // The final flush, on success and failure alike: what exists is on disk before we return.
    await writer.flush().catch((e: Error) => runError(e.message));
  }
  printer.diagnostics(diagnostics);
  if (o.op !== "destroy" && !errors.length) printer.outputs(outputs);
  const summary = printer.summary(steps, preview, unchanged, new Set(diagnostics.map((x) => x.urn)).size);
  const secretOutputs = Object.keys(outputs).filter((k) => isSecret(outputs[k]));
  return {
    ok: errors.length === 0,
    steps,
    summary,
    outputs: unwrapSecrets(outputs) as Record<string, Value>,
    secretOutputs,
    printed: printer.lines.join("\n"),
    error: errors[0],
    statePath: store.path,
  };
}
