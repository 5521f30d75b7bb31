/**
 * Provider configuration: stack config (`agb:apiKey`, `agb:endpoint`, `agb:defaultLabels`) handed
 * to `configure`, with `AGB_API_KEY` / `AGB_ENDPOINT` as fallbacks read at call time.
 *
 * The key lives only in this module's memory: it is never captured by the serialized provider and
 * never copied into inputs, outputs, errors or logs.
 */
import { createHash } from "node:crypto";
import type { AgbApi } from "./client/types";
import { AgbClient, DEFAULT_ENDPOINT, normalizeEndpoint } from "./client/index";

export { DEFAULT_ENDPOINT, normalizeEndpoint };

/** The subset of the host's config object that `configure` receives. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Settings from stack config; absent ones fall back to the environment. */
export interface StackConfig {
  /** The AGB API key (`agb:apiKey`, a secret). Default: the `AGB_API_KEY` environment variable. */
  apiKey?: string;
  /** The AGB endpoint URL (`agb:endpoint`), e.g. `http://127.0.0.1:8787` for agb-local. Default: `AGB_ENDPOINT`, else the AGB cloud's endpoint. */
  endpoint?: string;
  /** Labels (a map of non-empty strings) added to every session's own labels, which override them (`agb:defaultLabels`). Default: none. */
  defaultLabelsJson?: string;
}

let stackConfig: StackConfig = {};
const clients = new Map<string, AgbApi>();

/**
 * Records the stack configuration. Synchronous on purpose: the host caches the provider before it
 * awaits `configure`, so concurrent first calls may already be running (docs/engine-behaviours.md §2).
 */
export function applyStackConfig(config: ConfigSource | undefined): void {
  const get = (key: string): string | undefined => {
    const value = config?.get(key);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  stackConfig = {
    apiKey: get("agb:apiKey"),
    endpoint: get("agb:endpoint"),
    defaultLabelsJson: get("agb:defaultLabels"),
  };
}

/** The dynamic provider's `configure` (both providers): stack config, assigned synchronously. */
export function configure(req: { config?: ConfigSource }): Promise<void> {
  applyStackConfig(req?.config);
  return Promise.resolve();
}

/** Forgets the stack configuration and cached clients (tests only). */
export function resetConfigForTests(): void {
  stackConfig = {};
  clients.clear();
}

let lastEndpoint: { raw: string; normalized: string } | undefined;

/** The endpoint calls go to: `agb:endpoint`, else `AGB_ENDPOINT`, else {@link DEFAULT_ENDPOINT}. */
export function configuredEndpoint(settings: StackConfig = stackConfig): string {
  const env = process.env.AGB_ENDPOINT?.trim();
  const raw = settings.endpoint ?? (env ? env : DEFAULT_ENDPOINT);
  // Every handler call asks; the URL is parsed again only when the configured text changed.
  if (lastEndpoint?.raw !== raw) lastEndpoint = { raw, normalized: normalizeEndpoint(raw) };
  return lastEndpoint.normalized;
}

/**
 * The raw `agb:defaultLabels` text (a JSON map of strings added to every session's labels), or
 * undefined when unset. Default: unset (`{}`). It is parsed and validated by the Session check
 * (resources/session/default-labels.ts), with the same rules as `labels`, so a bad value is a check failure.
 */
export function defaultLabelsText(): string | undefined {
  return stackConfig.defaultLabelsJson;
}

/** The configured API key (stack config, else `AGB_API_KEY`), or undefined when none: for redaction. */
export function configuredApiKey(): string | undefined {
  return stackConfig.apiKey ?? (process.env.AGB_API_KEY?.trim() || undefined);
}

function apiKey(settings: StackConfig): string {
  const key = settings.apiKey ?? process.env.AGB_API_KEY?.trim();
  if (!key) {
    throw new Error(
      "No AGB API key configured. Set one with `pulumi config set --secret agb:apiKey <key>` " +
        "(or the AGB_API_KEY environment variable). To use agb-local instead, run `agb-local`, then " +
        "`pulumi config set agb:endpoint http://127.0.0.1:8787` and set any non-empty key.",
    );
  }
  return key;
}

/** The client for the configured (endpoint, key); one per pair per process. */
export function getApi(): AgbApi {
  return apiFor(stackConfig);
}

/**
 * The client for explicit settings (the lookups read `agb:apiKey` / `agb:endpoint` in the program
 * process, where no `configure` runs), with the same environment fallbacks and the same cache.
 */
export function apiFor(settings: { apiKey?: string; endpoint?: string; maxAttempts?: number }): AgbApi {
  const endpoint = configuredEndpoint(settings);
  const key = apiKey(settings);
  // The cache key holds a hash, not the key itself, so a heap dump of the map shows no secret.
  const cacheKey = `${endpoint}\n${createHash("sha256").update(key).digest("hex")}\n${settings.maxAttempts ?? ""}`;
  let api = clients.get(cacheKey);
  if (!api) {
    api = new AgbClient({ apiKey: key, endpoint, maxAttempts: settings.maxAttempts });
    clients.set(cacheKey, api);
  }
  return api;
}
