/**
 * Endpoint and option resolution: explicit option, then environment, then default.
 * The environment is read once, when a client is constructed.
 */
import { AgbAccessDeniedError, AgbInvalidParameterError } from "./errors";
import type { AgbClientOptions } from "./types";

/** The AGB cloud's public API endpoint. */
export const DEFAULT_ENDPOINT = "https://sdk-api.agb.cloud";
/** Default per-request timeout (the official SDKs use 60 s). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Default overall deadline of one operation including its retries. */
export const DEFAULT_RETRY_DEADLINE_MS = 120_000;
/**
 * Default number of attempts of one operation (first try included). Why 10: an `up` makes hundreds
 * of calls, and one call that runs out of attempts fails the whole deployment. At a 30% failure
 * rate per attempt (the reliability suite's fault storm on reads) 8 attempts leave a ~1-in-15,000
 * chance per call, a few percent per deployment; 10 leave ~1-in-170,000. Jittered backoff (at most
 * 100 ms doubling to a 5 s cap) keeps 10 attempts within ~21 s, well inside the retry deadline.
 */
export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Normalizes a base URL or bare host: `https://` is prepended when no scheme is given (as the
 * official SDKs do), surrounding whitespace and trailing slashes are dropped.
 */
export function normalizeEndpoint(endpoint: string): string {
  let url = endpoint.trim();
  if (url === "") {
    throw invalidOption("endpoint", "must not be empty");
  }
  if (!/^https?:\/\//i.test(url)) {
    url = `https://${url}`;
  }
  url = url.replace(/\/+$/, "");
  try {
    new URL(url);
  } catch {
    throw invalidOption("endpoint", `is not a valid URL: ${JSON.stringify(url)}`);
  }
  return url;
}

/** Client options with every default filled in. */
export interface ResolvedClientOptions {
  apiKey: string;
  endpoint: string;
  requestTimeoutMs: number;
  retryDeadlineMs: number;
  maxAttempts: number;
  logger?: (line: string) => void;
}

/** Resolves options against the environment (`AGB_API_KEY`, `AGB_ENDPOINT`, `AGB_TIMEOUT_MS`). */
export function resolveClientOptions(options: AgbClientOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedClientOptions {
  const apiKey = (options.apiKey ?? env.AGB_API_KEY ?? "").trim();
  if (apiKey === "") {
    throw new AgbAccessDeniedError("AGB API key missing: set agb:apiKey (pulumi config set --secret agb:apiKey ...) or AGB_API_KEY", {
      code: "MissingApiKey",
      httpStatus: 0,
      requestId: "",
      operation: "configure",
      requestMayHaveBeenSent: false,
    });
  }
  const endpoint = normalizeEndpoint(options.endpoint ?? nonEmpty(env.AGB_ENDPOINT) ?? DEFAULT_ENDPOINT);
  const envTimeout = nonEmpty(env.AGB_TIMEOUT_MS);
  const requestTimeoutMs = positive(
    "requestTimeoutMs",
    options.requestTimeoutMs ?? (envTimeout !== undefined ? Number(envTimeout) : DEFAULT_REQUEST_TIMEOUT_MS),
  );
  const retryDeadlineMs = positive("retryDeadlineMs", options.retryDeadlineMs ?? DEFAULT_RETRY_DEADLINE_MS);
  const maxAttempts = positive("maxAttempts", options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  return { apiKey, endpoint, requestTimeoutMs, retryDeadlineMs, maxAttempts, logger: options.logger };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

function positive(field: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw invalidOption(field, `must be a positive number, got ${String(value)}`);
  }
  return value;
}

function invalidOption(field: string, reason: string): AgbInvalidParameterError {
  return new AgbInvalidParameterError(`AGB client option ${field} ${reason}`, {
    code: "InvalidClientOption",
    httpStatus: 0,
    requestId: "",
    operation: "configure",
    requestMayHaveBeenSent: false,
  });
}
