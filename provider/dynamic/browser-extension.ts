/** `agb.BrowserExtension`: a browser extension zip in an extension context (`pulumi-agb/providers/browser-extension`). */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { BROWSER_EXTENSION_PROVIDER_TEXT, BROWSER_EXTENSION_TYPE } from "./provider-text";
import type { browserExtensionArgsSchema } from "../resources/browser-extension";
import type { Agree, SameKeys, SameNames } from "../resources/shared/field-agreement";
import { extensionLeftoverReport } from "../resources/browser-extension/leftovers";
import { warnOfLeftoversOnceRecorded } from "./leftover-report";
import type { LeftoverReportOutput } from "./leftover-report";
import { currentRunId } from "./claim";

/** Inputs of `agb.BrowserExtension`. */
export interface BrowserExtensionArgs {
  /** The extension context (e.g. an `agb.Context` used only for extensions); a change replaces. Required. */
  contextId: pulumi.Input<string>;
  /**
   * The extension as a local `.zip` (relative to the program directory or absolute; at most 512 MiB).
   * Anything that is not a zip archive is refused at check. New bytes replace the resource (a new
   * `extensionId`). Required.
   */
  source: pulumi.Input<string>;
}

const OUTPUT_NAMES = ["extensionId", "contextId", "path", "source", "sha256", "size", "fileId", "modifiedTime", "endpoint"] as const;

/**
 * A browser extension uploaded to `/tmp/extensions/<extensionId>` of its context, for
 * `browserContext.extensionOption` (`contextId` = this resource's `contextId`, `extensionIds` = its
 * `extensionId`).
 */
export class BrowserExtension extends pulumi.CustomResource {
  /** `ext_<32 hex>.zip`, drawn at random when the resource is created: each resource has its own file. */
  declare readonly extensionId: pulumi.Output<string>;
  /** The extension context id. */
  declare readonly contextId: pulumi.Output<string>;
  /** `/tmp/extensions/<extensionId>`. */
  declare readonly path: pulumi.Output<string>;
  declare readonly source: pulumi.Output<string>;
  /** Hex sha256 of the zip. */
  declare readonly sha256: pulumi.Output<string>;
  /** Size in bytes. */
  declare readonly size: pulumi.Output<number>;
  /** The AGB endpoint the extension lives on. */
  declare readonly endpoint: pulumi.Output<string>;
  /** @internal The program run whose create made this extension's file (leftover-report.ts). */
  declare readonly __agbCreatedIn: pulumi.Output<string | undefined>;
  /** @internal Files of creates cut short in the same context that the create reported by id (extension-leftovers.ts). */
  declare readonly __agbSuspects: pulumi.Output<string | undefined>;

  constructor(name: string, args: BrowserExtensionArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of OUTPUT_NAMES) props[key] = undefined;
    Object.assign(props, args ?? {});
    props.__provider = BROWSER_EXTENSION_PROVIDER_TEXT;
    const runId = currentRunId();
    props.__agbRun = runId; // create echoes it as __agbCreatedIn
    props.__agbCreatedIn = undefined; // declares the output
    props.__agbSuspects = undefined; // declares the output
    // Each create draws a new path, so the default create-before-delete replacement is safe.
    super(BROWSER_EXTENSION_TYPE, name, props, opts);
    const outputs = { createdIn: this.__agbCreatedIn, suspects: this.__agbSuspects, subject: this.contextId };
    warnOfLeftoversOnceRecorded(this, outputs, runId, extensionLeftoverReport);
  }
}

/**
 * The args name exactly the schema's fields; the class declares exactly the outputs it lists, but
 * for `fileId` and `modifiedTime`, which are kept in state (read compares them) and never declared.
 */
type BrowserExtensionFieldTies = [
  Agree<SameKeys<BrowserExtensionArgs, z.input<typeof browserExtensionArgsSchema>>>,
  Agree<pulumi.Unwrap<BrowserExtensionArgs> extends z.input<typeof browserExtensionArgsSchema> ? true : false>,
  Agree<
    SameNames<
      Exclude<(typeof OUTPUT_NAMES)[number], "fileId" | "modifiedTime"> | LeftoverReportOutput,
      Omit<BrowserExtension, keyof pulumi.CustomResource>
    >
  >,
];
