/** Typed inputs of `agb.Session`. Enum fields take the wire strings or the constants of `enums.ts`. */
import type * as pulumi from "@pulumi/pulumi";
import type { DownloadStrategy, Lifecycle, UploadMode, UploadStrategy } from "../../enums";

/** `uploadPolicy` of a sync policy. */
export interface UploadPolicyArgs {
  /** Upload the mount path's files back to the context. Default: true. */
  autoUpload?: pulumi.Input<boolean>;
  /** When to upload. Default: `UploadBeforeResourceRelease` (the only value). */
  uploadStrategy?: pulumi.Input<UploadStrategy>;
  /** File by file or as one archive; choose once per context. Default: `File`. */
  uploadMode?: pulumi.Input<UploadMode>;
}

/** `downloadPolicy` of a sync policy. */
export interface DownloadPolicyArgs {
  /** Download the context into the mount path at session start. Default: true. */
  autoDownload?: pulumi.Input<boolean>;
  /** How to download. Default: `DownloadAsync` (the only value). */
  downloadStrategy?: pulumi.Input<DownloadStrategy>;
}

/** `deletePolicy` of a sync policy. */
export interface DeletePolicyArgs {
  /** Propagate local deletions to the context. Default: true. */
  syncLocalFile?: pulumi.Input<boolean>;
}

/** `extractPolicy` of a sync policy. */
export interface ExtractPolicyArgs {
  /** Extract archives after download. Default: true. */
  extract?: pulumi.Input<boolean>;
  /** Delete the archive after extracting. Default: true. */
  deleteSrcFile?: pulumi.Input<boolean>;
  /** Extract into the current folder instead of a folder named after the archive. Default: false. */
  extractCurrentFolder?: pulumi.Input<boolean>;
}

/** `recyclePolicy` of a sync policy. */
export interface RecyclePolicyArgs {
  /** How long the data is kept. Default: `Lifecycle_Forever`. */
  lifecycle?: pulumi.Input<Lifecycle>;
  /** Exact paths relative to the mount path (no wildcards); `""` is the whole context. Default: `[""]`. */
  paths?: pulumi.Input<pulumi.Input<string>[]>;
}

/** One white-list entry of `bwList`. */
export interface WhiteListArgs {
  /** Path relative to the mount path (no wildcards). Required. */
  path: pulumi.Input<string>;
  /** Paths under `path` to leave out (no wildcards). Default: `[]`. */
  excludePaths?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A full sync policy; every omitted sub-policy gets the documented defaults. */
export interface SyncPolicyArgs {
  /** Default: `{ autoUpload: true, uploadStrategy: "UploadBeforeResourceRelease", uploadMode: "File" }`. */
  uploadPolicy?: pulumi.Input<UploadPolicyArgs>;
  /** Default: `{ autoDownload: true, downloadStrategy: "DownloadAsync" }`. */
  downloadPolicy?: pulumi.Input<DownloadPolicyArgs>;
  /** Default: `{ syncLocalFile: true }`. */
  deletePolicy?: pulumi.Input<DeletePolicyArgs>;
  /** Default: `{ extract: true, deleteSrcFile: true, extractCurrentFolder: false }`. */
  extractPolicy?: pulumi.Input<ExtractPolicyArgs>;
  /** Default: `{ lifecycle: "Lifecycle_Forever", paths: [""] }`. */
  recyclePolicy?: pulumi.Input<RecyclePolicyArgs>;
  /** Which paths sync. Default: `{ whiteLists: [] }` (everything). */
  bwList?: pulumi.Input<{ whiteLists?: pulumi.Input<pulumi.Input<WhiteListArgs>[]> }>;
  /** Original absolute path of the data in an earlier session on another image. Default: none. */
  mappingPolicy?: pulumi.Input<{ path: pulumi.Input<string> }>;
}

/** One context mounted into the session. */
export interface ContextSyncArgs {
  /** The context's id (e.g. `context.contextId`). Required. */
  contextId: pulumi.Input<string>;
  /** Absolute mount path in the session, e.g. `/home/project`; no two syncs may nest. Required. */
  path: pulumi.Input<string>;
  /** Sync policy. Default: every sub-policy at its default. */
  policy?: pulumi.Input<SyncPolicyArgs>;
}

/** Browser extensions synced from a context (mounted at `/tmp/extensions/`). */
export interface ExtensionOptionArgs {
  /** Context holding the extension files. Required. */
  contextId: pulumi.Input<string>;
  /** Extension ids `ext_<32 hex>.zip`; at least one. Required. */
  extensionIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** Browser data persisted in a context (mounted at `/tmp/agb_browser_data`). */
export interface BrowserContextArgs {
  /** Context holding the browser data. Required. */
  contextId: pulumi.Input<string>;
  /** Upload cookies and local state back before release. Default: true. */
  autoUpload?: pulumi.Input<boolean>;
  /** Extensions to install. Default: none. */
  extensionOption?: pulumi.Input<ExtensionOptionArgs>;
}

/** Deadlines of the provider's own waits, in seconds (the Node host ignores `customTimeouts`). */
export interface SessionTimeoutsArgs {
  /** Create, including the initial context downloads. Default: 600. */
  create?: pulumi.Input<number>;
  /** Delete, including the upload before release. Default: 600. */
  delete?: pulumi.Input<number>;
}

/** Inputs of `agb.Session`. */
export interface SessionArgs {
  /** AGB image, e.g. `agb-code-space-1`. Required; a change replaces the session. */
  imageId: pulumi.Input<string>;
  /** Labels (non-empty strings), merged over `agb:defaultLabels`; updated in place. Default: `{}`. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Contexts mounted into the session; a change replaces it, their order means nothing (kept sorted by `path`). Default: `[]`. */
  contextSyncs?: pulumi.Input<pulumi.Input<ContextSyncArgs>[]>;
  /** Browser data (and extensions) persisted in contexts; a change replaces it. Default: none. */
  browserContext?: pulumi.Input<BrowserContextArgs>;
  /** Idle seconds before AGB releases the session (the create request's `timeout`); a change replaces it. Default: AGB's (300). */
  idleTimeoutSeconds?: pulumi.Input<number>;
  /** MCP policy id; a change replaces the session. Default: none. */
  policyId?: pulumi.Input<string>;
  /** Upload upload-enabled syncs before release, refusing to release if that fails. Default: true. */
  syncOnDelete?: pulumi.Input<boolean>;
  /** Deadlines in seconds. Default: `{ create: 600, delete: 600 }`. */
  timeouts?: pulumi.Input<SessionTimeoutsArgs>;
  /**
   * Adopt this live session at create instead of starting one (the stand-in for `pulumi import`).
   * Naming another session later replaces the resource; removing it changes nothing. Default: none.
   */
  adoptSessionId?: pulumi.Input<string>;
}
