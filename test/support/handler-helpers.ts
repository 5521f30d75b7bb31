/** Shared set-up for handler tests: agb-local, a configured provider module, checked inputs. */
import { startAgbLocal } from "../../dist/local";
import type { AgbLocal } from "../../dist/local";
import { usePerFileLocal } from "./per-file-local";
import type { PerFileLocal } from "./per-file-local";
import * as sessionProvider from "../../dist/providers/session";
import * as contextProvider from "../../dist/providers/context";
import { resetConfigForTests } from "../../dist/config";
import { forgetHoldsForTests } from "../../dist/resources/shared/held-in-process";
import { AgbClient } from "../../dist/client";
import { SESSION_PROVIDER_TEXT, CONTEXT_PROVIDER_TEXT } from "../../dist/dynamic/provider-text";
import { HostDriver } from "../../dist-engine/host-driver";

export const API_KEY = "akm-handler-test-key-5f1d2c";
export { sessionProvider, contextProvider };

/** Fast timings so waits end in tens of milliseconds. */
export async function startLocal(): Promise<AgbLocal> {
  return startAgbLocal({ port: 0, timing: { createSyncMs: 30, uploadSyncMs: 30, releaseMs: 30, clearMs: 30 } });
}

/**
 * One agb-local per test file ({@link startLocal}); before each test it is reset (to `timing`, when
 * given) and both provider modules are configured for it. Call at the top of the file.
 */
export function useHandlerLocal(timing?: Parameters<AgbLocal["control"]["setTiming"]>[0]): PerFileLocal {
  return usePerFileLocal(startLocal, async (local) => {
    if (timing) await local.control.setTiming(timing);
    await configureFor(local.url);
  });
}

/**
 * The real dynamic-provider host for a program folder, without the AGB environment variables (so
 * only the stack config counts), configured as the engine does it for `endpoint` and `apiKey`, plus
 * `config` (more stack config, e.g. `agb:defaultLabels`; default none).
 */
export async function startConfiguredHost(
  programDir: string,
  endpoint: string,
  apiKey: string,
  config: Record<string, string> = {},
): Promise<HostDriver> {
  const env = { ...process.env };
  delete env.AGB_API_KEY;
  delete env.AGB_ENDPOINT;
  const host = await HostDriver.start({ cwd: programDir, env });
  try {
    await host.configure({ "agb:apiKey": apiKey, "agb:endpoint": endpoint, ...config });
  } catch (err) {
    await host.close(); // nobody else holds it yet, so a failed configure would leave the process running
    throw err;
  }
  return host;
}

/**
 * Configures both provider modules as the host would (config keys namespaced, values strings), as a
 * new provider process would be: nothing held by an earlier test's creates.
 */
export async function configureFor(endpoint: string, extra: Record<string, string> = {}): Promise<void> {
  resetConfigForTests();
  forgetHoldsForTests();
  const config = { "agb:apiKey": API_KEY, "agb:endpoint": endpoint, ...extra };
  const req = { config: { get: (k: string) => (config as Record<string, string>)[k] } };
  await sessionProvider.configure(req);
  await contextProvider.configure(req);
}

/** A direct client (for out-of-band changes). */
export function directClient(endpoint: string, apiKey = API_KEY) {
  return new AgbClient({ apiKey, endpoint });
}

/**
 * Puts a (tiny, zip-signed) extension file at /tmp/extensions/<extensionId> of a context, through
 * the upload URL and PUT, so a session create that names the id finds it.
 */
export async function putExtension(endpoint: string, contextId: string, extensionId: string, apiKey = API_KEY): Promise<void> {
  const { url } = await directClient(endpoint, apiKey).getContextFileUploadUrl(contextId, `/tmp/extensions/${extensionId}`);
  const res = await fetch(url, { method: "PUT", body: "PK\u0003\u0004 zip bytes", signal: AbortSignal.timeout(30_000) });
  if (res.status !== 200) throw new Error(`extension upload answered HTTP ${res.status}`);
}

let counter = 0;
/** Session inputs as the host passes them to create: checked, with identity and `__provider`. */
export async function sessionInputs(news: Record<string, unknown>, name = `s${++counter}`): Promise<Record<string, unknown>> {
  const r = await sessionProvider.check({}, { ...news, __agbProject: "proj", __agbStack: "test", __agbName: name });
  if (r.failures.length) throw new Error(JSON.stringify(r.failures));
  return { ...r.inputs, __provider: SESSION_PROVIDER_TEXT };
}

/** Context inputs as the host passes them to create. */
export async function contextInputs(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await contextProvider.check({}, news);
  if (r.failures.length) throw new Error(JSON.stringify(r.failures));
  return { ...r.inputs, __provider: CONTEXT_PROVIDER_TEXT };
}

/** What the host hands on after create: outputs plus `__provider`. */
export function withProvider(outs: Record<string, unknown>, inputs: Record<string, unknown>): Record<string, unknown> {
  return { ...outs, __provider: inputs.__provider };
}

/** Captures the error a promise rejects with. */
export async function errorOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection");
}
