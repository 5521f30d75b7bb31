/**
 * The client of the program process (lookups, the Session's claim), built from the running stack's
 * own config: the provider host's `configure` never runs there.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AgbApi } from "./client/types";
import { apiFor } from "./config";
import { useProgramShare } from "./client/concurrency";

/** The client of the program process for `endpoint` (e.g. the one a session was created on), keyed as lookups' `lookupApi`. */
export function programApi(endpoint: string | undefined): AgbApi {
  useProgramShare(); // the provider host makes its calls at the same time: one budget for both
  return apiFor({ apiKey: configText("apiKey"), endpoint });
}

/** `agb:<key>` of the running stack, trimmed; undefined when unset or blank. */
export function configText(key: string): string | undefined {
  const value = new pulumi.Config("agb").get(key);
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}
