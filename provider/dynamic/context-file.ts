/** `agb.ContextFile`: one file in a context, managed by the `pulumi-agb/providers/context-file` module. */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CONTEXT_FILE_PROVIDER_TEXT, CONTEXT_FILE_TYPE } from "./provider-text";
import type { contextFileArgsSchema } from "../resources/context-file/schema";
import type { Agree, SameKeys, SameNames } from "../resources/shared/field-agreement";

/** Inputs of `agb.ContextFile`: exactly one of `source` and `content`. */
export interface ContextFileArgs {
  /** The context the file lives in (e.g. `ctx.contextId`); a change replaces the file. Required. */
  contextId: pulumi.Input<string>;
  /**
   * Where the file lives inside the context, e.g. `/data/seed.csv` (`data/seed.csv` means the same).
   * `..`, `.` and empty segments are refused; a change replaces the file. Required.
   */
  path: pulumi.Input<string>;
  /**
   * A local file to upload, relative to the program directory or absolute. Streamed, never read
   * into memory whole; at most 512 MiB. A change of its bytes (sha256) uploads it again. Default:
   * none (then `content` is required).
   */
  source?: pulumi.Input<string>;
  /**
   * The file's text (stored UTF-8), for small files: it is kept in state, so large data belongs in
   * `source`. Wrap it in `pulumi.secret` to keep it encrypted. At most 512 MiB. Default: none
   * (then `source` is required).
   */
  content?: pulumi.Input<string>;
  /**
   * Take over a file that already exists at `path` (its bytes are replaced, and destroy deletes it),
   * for a file no other resource manages. Default: false (create refuses a file already there, and a
   * path another stack's create is writing or a create cut short left marked).
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * `deleteBeforeReplace: true` unless the program says otherwise. Why: a replace that keeps the
 * location (`pulumi up --replace`, which decides "replace" without asking the provider's diff)
 * would otherwise upload the new file and then delete the old resource's file: the same file. The
 * engine takes the resource option over the provider's diff answer (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go: `deleteBeforeReplace := diff.DeleteBeforeReplace; if
 * goal.DeleteBeforeReplace != nil { ... }`).
 */
export function sameLocationReplaceOptions(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, deleteBeforeReplace: opts?.deleteBeforeReplace ?? true };
}

const OUTPUT_NAMES = [
  "contextId",
  "path",
  "source",
  "content",
  "adoptExisting",
  "sha256",
  "size",
  "fileId",
  "modifiedTime",
  "endpoint",
] as const;

/** A file placed in an AGB context: sessions that sync the context see it at their sync path. */
export class ContextFile extends pulumi.CustomResource {
  /** The context id. */
  declare readonly contextId: pulumi.Output<string>;
  /** The canonical path inside the context (absolute). */
  declare readonly path: pulumi.Output<string>;
  declare readonly source: pulumi.Output<string | undefined>;
  declare readonly content: pulumi.Output<string | undefined>;
  /** Hex sha256 of the bytes uploaded (`changed-out-of-band` after a refresh saw it changed); a secret when `content` is given. */
  declare readonly sha256: pulumi.Output<string>;
  /** Size in bytes; a secret when `content` is given. */
  declare readonly size: pulumi.Output<number>;
  /** AGB's file id, when its listing reports one. */
  declare readonly fileId: pulumi.Output<string | undefined>;
  /** Modification time as AGB's listing reports it. */
  declare readonly modifiedTime: pulumi.Output<string | undefined>;
  /** The AGB endpoint the file lives on. */
  declare readonly endpoint: pulumi.Output<string>;

  constructor(name: string, args: ContextFileArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of OUTPUT_NAMES) props[key] = undefined;
    Object.assign(props, args ?? {});
    props.__provider = CONTEXT_FILE_PROVIDER_TEXT;
    // The digest and size of `content` (which may be a secret) are stored encrypted: the provider
    // cannot tell a secret from plain text, so they are secret whenever `content` is given.
    const secretOutputs =
      args?.content !== undefined ? { additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "sha256", "size"] } : {};
    super(CONTEXT_FILE_TYPE, name, props, sameLocationReplaceOptions({ ...opts, ...secretOutputs }));
  }
}

/**
 * The args name exactly the schema's fields; the class declares exactly the outputs it lists, but
 * for `adoptExisting`, an input kept in state that the class has never declared as an output.
 */
type ContextFileFieldTies = [
  Agree<SameKeys<ContextFileArgs, z.input<typeof contextFileArgsSchema>>>,
  Agree<pulumi.Unwrap<ContextFileArgs> extends z.input<typeof contextFileArgsSchema> ? true : false>,
  Agree<SameNames<Exclude<(typeof OUTPUT_NAMES)[number], "adoptExisting">, Omit<ContextFile, keyof pulumi.CustomResource>>>,
];
