/**
 * pulumi-agb: AGB sessions and contexts as Pulumi resources.
 *
 * ```ts
 * import * as agb from "pulumi-agb";
 * const ctx = new agb.Context("work", { name: "my-work" });
 * const s = new agb.Session("dev", { imageId: "agb-code-space-1", contextSyncs: [{ contextId: ctx.contextId, path: "/home/project" }] });
 * ```
 * Configuration: `agb:apiKey` (secret), `agb:endpoint`, `agb:defaultLabels` (JSON map).
 */
export { Session, SESSION_SECRET_OUTPUTS } from "./dynamic/session";
export { Context } from "./dynamic/context";
export type { ContextArgs } from "./dynamic/context";
export { ContextFile } from "./dynamic/context-file";
export type { ContextFileArgs } from "./dynamic/context-file";
export { MAX_CONTEXT_FILE_BYTES } from "./resources/shared/file-body";
export { BrowserExtension } from "./dynamic/browser-extension";
export type { BrowserExtensionArgs } from "./dynamic/browser-extension";
export type {
  SessionArgs,
  ContextSyncArgs,
  SyncPolicyArgs,
  UploadPolicyArgs,
  DownloadPolicyArgs,
  DeletePolicyArgs,
  ExtractPolicyArgs,
  RecyclePolicyArgs,
  WhiteListArgs,
  BrowserContextArgs,
  ExtensionOptionArgs,
  SessionTimeoutsArgs,
} from "./resources/session/args";
export { UploadMode, Lifecycle, UploadStrategy, DownloadStrategy } from "./enums";
export { SESSION_TYPE, CONTEXT_TYPE, CONTEXT_FILE_TYPE, BROWSER_EXTENSION_TYPE } from "./dynamic/provider-text";
export { DEFAULT_ENDPOINT } from "./config";
export { getSessions, getSessionsOutput, getSession, getSessionOutput } from "./lookups/get-sessions";
export type {
  GetSessionsArgs,
  GetSessionsOutputArgs,
  GetSessionsResult,
  SessionSummary,
  GetSessionArgs,
  GetSessionOutputArgs,
  GetSessionResult,
  SessionLookup,
} from "./lookups/get-sessions";
export { getContext, getContextOutput, getContexts, getContextsOutput } from "./lookups/get-contexts";
export type { GetContextArgs, GetContextOutputArgs, GetContextResult, GetContextsResult } from "./lookups/get-contexts";
export { LookupArgumentError } from "./lookups/lookup-support";
