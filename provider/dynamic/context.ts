/** `agb.Context`: a persistent AGB storage context managed by the `pulumi-agb/providers/context` module. */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { CONTEXT_PROVIDER_TEXT, CONTEXT_TYPE } from "./provider-text";
import { sameLocationReplaceOptions } from "./context-file";
import { CONTEXT_FACT_OUTPUTS, CONTEXT_RULES } from "../resources/context/schema";
import type { ContextFactOutput, ContextField, contextInputsSchema } from "../resources/context/schema";
import type { Agree, SameKeys, SameNames } from "../resources/shared/field-agreement";
import { contextLeftoverReport } from "../resources/context/leftovers";
import { warnOfLeftoversOnceRecorded } from "./leftover-report";
import type { LeftoverReportOutput } from "./leftover-report";
import { currentRunId } from "./claim";

/** Inputs of `agb.Context`. */
export interface ContextArgs {
  /** Context name, unique per account; a change renames it in place. Required. */
  name: pulumi.Input<string>;
  /**
   * Adopt a context that already has this name instead of failing: for a context no other resource
   * manages (a create cut short, one made outside Pulumi). Default: false.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /** Delete the context even when it still holds files. Default: false. */
  forceDestroy?: pulumi.Input<boolean>;
}

// No `lastUsedTime`: it moves whenever a session uses the context, so it would be drift on every refresh.
// No `contextId` among the declared outputs: it is the resource id, taken from `id` below.
const OUTPUT_NAMES: readonly (ContextFactOutput | ContextField)[] = [
  ...new Set([...CONTEXT_FACT_OUTPUTS.filter((f) => f !== "contextId"), ...CONTEXT_RULES.fields]),
];

/** A persistent storage context, mounted into sessions through `contextSyncs`. */
export class Context extends pulumi.CustomResource {
  /**
   * The AGB context id: the resource id itself, so it is known in a preview wherever the id is. In a
   * preview the engine gives a Context being updated (a rename) its inputs as its state, so an
   * output of its own would be unknown there and every resource using it would plan a replacement
   * that `up` then does not do (the id of an updated resource stays known; a created or replaced
   * Context's id is unknown, which rightly plans the replacement of what uses it).
   */
  readonly contextId: pulumi.Output<string>;
  /** The context name (as AGB reports it). */
  declare readonly name: pulumi.Output<string>;
  /** `available`, `clearing` or `pre-available`. */
  declare readonly state: pulumi.Output<string | undefined>;
  /** Creation time as AGB reports it. */
  declare readonly createTime: pulumi.Output<string | undefined>;
  /** The AGB endpoint the context lives on. */
  declare readonly endpoint: pulumi.Output<string>;
  /** Canonical inputs. */
  declare readonly adoptExisting: pulumi.Output<boolean>;
  declare readonly forceDestroy: pulumi.Output<boolean>;
  /** @internal The program run whose create made this context (leftover-report.ts). */
  declare readonly __agbCreatedIn: pulumi.Output<string | undefined>;
  /** @internal Leftovers of earlier creates of the name that the create reported by id (context-leftovers.ts). */
  declare readonly __agbSuspects: pulumi.Output<string | undefined>;

  /** Looks up an existing context read-only. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Context {
    return new Context(name, undefined as unknown as ContextArgs, { ...opts, id });
  }

  constructor(name: string, args: ContextArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of OUTPUT_NAMES) props[key] = undefined;
    if (!opts?.id) Object.assign(props, args ?? {});
    props.__provider = CONTEXT_PROVIDER_TEXT;
    const runId = currentRunId();
    if (!opts?.id) props.__agbRun = runId; // create echoes it as __agbCreatedIn
    props.__agbCreatedIn = undefined; // declares the output
    props.__agbSuspects = undefined; // declares the output
    // A replacement keeps the name, which only one context can have: delete first (unless the
    // program says otherwise; a lookup by id is no replacement).
    super(CONTEXT_TYPE, name, props, opts?.id ? opts : sameLocationReplaceOptions(opts));
    this.contextId = this.id;
    if (!opts?.id) {
      const outputs = { createdIn: this.__agbCreatedIn, suspects: this.__agbSuspects, subject: this.name };
      warnOfLeftoversOnceRecorded(this, outputs, runId, contextLeftoverReport);
    }
  }
}

/** The args name exactly the schema's fields; the class declares exactly the outputs the handlers write. */
type ContextFieldTies = [
  Agree<SameKeys<ContextArgs, z.input<typeof contextInputsSchema>>>,
  Agree<pulumi.Unwrap<ContextArgs> extends z.input<typeof contextInputsSchema> ? true : false>,
  Agree<SameNames<ContextFactOutput | ContextField | LeftoverReportOutput, Omit<Context, keyof pulumi.CustomResource>>>,
];
