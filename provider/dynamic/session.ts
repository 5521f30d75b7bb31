/** `agb.Session`: an AGB session (agent sandbox) managed by the `pulumi-agb/providers/session` module. */
import * as pulumi from "@pulumi/pulumi";
import type { BrowserContextArgs, ContextSyncArgs, SessionArgs, SessionTimeoutsArgs } from "../resources/session/args";
import { SESSION_PROVIDER_TEXT, SESSION_TYPE } from "./provider-text";
import { programApi } from "../program-client";
import { claimOnceRecorded, currentRunId } from "./claim";
import { suspectReport } from "../resources/session/token-search";
import { SESSION_OUTPUT_NAMES } from "../resources/session/state";
import type { SessionFactOutput } from "../resources/session/state";
import type { SessionField } from "../resources/session/schema";
import type { Agree, SameNames } from "../resources/shared/field-agreement";

/** Outputs that carry credentials (auth codes, tokens): secret whatever the inputs were. */
export const SESSION_SECRET_OUTPUTS = ["resourceUrl", "token"];

/**
 * An AGB session. Labels update in place; image, syncs, browser context, idle timeout, policy and
 * another adopted session replace it (delete first when the new one would download what the old
 * one uploads on delete; see README "Using it").
 */
export class Session extends pulumi.CustomResource {
  /** The AGB session id (also the resource id). */
  declare readonly sessionId: pulumi.Output<string>;
  /** Session status as last seen (`RUNNING`, ...). */
  declare readonly status: pulumi.Output<string>;
  /** Browser URL of the session, with a rotating auth code (secret). */
  declare readonly resourceUrl: pulumi.Output<string | undefined>;
  /** Session token for direct tool calls (secret). */
  declare readonly token: pulumi.Output<string | undefined>;
  /** AGB app instance id. */
  declare readonly appInstanceId: pulumi.Output<string | undefined>;
  /** AGB resource id. */
  declare readonly resourceId: pulumi.Output<string | undefined>;
  /** The AGB endpoint the session lives on. */
  declare readonly endpoint: pulumi.Output<string>;
  /** The provider-managed creation token (label `pulumi-agb-token`). */
  declare readonly creationToken: pulumi.Output<string>;
  /** False while the initial context downloads have not all succeeded. */
  declare readonly ready: pulumi.Output<boolean>;
  /** Canonical inputs. */
  declare readonly imageId: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;
  declare readonly contextSyncs: pulumi.Output<ContextSyncArgs[]>;
  declare readonly browserContext: pulumi.Output<BrowserContextArgs | undefined>;
  declare readonly idleTimeoutSeconds: pulumi.Output<number | undefined>;
  declare readonly policyId: pulumi.Output<string | undefined>;
  declare readonly syncOnDelete: pulumi.Output<boolean>;
  declare readonly timeouts: pulumi.Output<Required<SessionTimeoutsArgs>>;
  declare readonly adoptSessionId: pulumi.Output<string | undefined>;
  /** @internal The program run whose create made this session (see claim.ts). */
  declare readonly __agbCreatedIn: pulumi.Output<string | undefined>;
  /** @internal Handed-over sessions under this resource's token that its create left alone (token-search.ts). */
  declare readonly __agbSuspects: pulumi.Output<string | undefined>;

  /** Looks up an existing session read-only (no inputs; `read` fills the outputs). */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Session {
    return new Session(name, undefined as unknown as SessionArgs, { ...opts, id });
  }

  constructor(name: string, args: SessionArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {};
    for (const key of SESSION_OUTPUT_NAMES) props[key] = undefined; // declares the outputs
    if (!opts?.id) Object.assign(props, args ?? {});
    // Where the resource is declared: hidden inputs (the host knows neither project, stack nor name).
    props.__agbProject = pulumi.getProject();
    props.__agbStack = pulumi.getStack();
    props.__agbName = name;
    props.__provider = SESSION_PROVIDER_TEXT;
    const runId = currentRunId();
    props.__agbRun = runId; // create echoes it as __agbCreatedIn: how the program knows its own creates (claim.ts)
    props.__agbCreatedIn = undefined; // declares the output
    props.__agbSuspects = undefined; // declares the output
    super(SESSION_TYPE, name, props, pulumi.mergeOptions(opts, { additionalSecretOutputs: SESSION_SECRET_OUTPUTS }));
    // A session this resource creates is claimed once the engine has recorded it (claim.ts says why).
    if (!opts?.id && !args?.adoptSessionId) {
      const identity = { project: props.__agbProject as string, stack: props.__agbStack as string, name };
      const outputs = {
        labels: this.labels,
        creationToken: this.creationToken,
        endpoint: this.endpoint,
        createdIn: this.__agbCreatedIn,
        suspects: this.__agbSuspects,
      };
      claimOnceRecorded(this, outputs, identity, runId, programApi, (suspects) => suspectReport(name, suspects.split(",")));
    }
  }
}

/** The class declares exactly the outputs the handlers write: a field or fact added on one side only fails to compile. */
type SessionDeclaresItsOutputs = Agree<
  SameNames<SessionFactOutput | SessionField, Omit<Session, keyof pulumi.CustomResource | "__agbCreatedIn" | "__agbSuspects">>
>;
