/**
 * `agb.getSessions` / `agb.getSession`: sessions looked up, not managed. ListSession lists only
 * active sessions (docs/agb-protocol.md §8), with a subset label filter, so the provider-managed labels a
 * session carries never need to be given; `managedBy` filters on them.
 */
import * as pulumi from "@pulumi/pulumi";
import { isNotFound } from "../resources/shared/errors";
import { PROJECT_LABEL, STACK_LABEL, userLabels } from "../resources/session/labels";
import {
  LookupArgumentError,
  lookupApi,
  lookupFailed,
  lookupOutput,
  optionalText,
  refuseUnknown,
  requireLabels,
  requireText,
} from "./lookup-support";

/** Arguments of {@link getSessions}. */
export interface GetSessionsArgs {
  /** Labels every returned session carries (a subset match). Default: no label filter. */
  labels?: Record<string, string>;
  /** Only sessions in this status, compared case-insensitively (`RUNNING`). Default: any active status. */
  status?: string;
  /** Only sessions a pulumi-agb stack manages, by its provider-managed labels. Default: not filtered. */
  managedBy?: {
    /** The Pulumi project that declares the session. Default: any project. */
    project?: string;
    /** The Pulumi stack that declares the session. Default: any stack. */
    stack?: string;
  };
}

/** {@link GetSessionsArgs} whose values may be outputs of other resources. */
export interface GetSessionsOutputArgs {
  /** See {@link GetSessionsArgs.labels}. Default: no label filter. */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** See {@link GetSessionsArgs.status}. Default: any active status. */
  status?: pulumi.Input<string>;
  /** See {@link GetSessionsArgs.managedBy}. Default: not filtered. */
  managedBy?: pulumi.Input<{ project?: pulumi.Input<string>; stack?: pulumi.Input<string> }>;
}

/** One listed session. */
export interface SessionSummary {
  sessionId: string;
  status: string;
}

/** What {@link getSessions} finds, sorted by session id. */
export interface GetSessionsResult {
  sessionIds: string[];
  sessions: SessionSummary[];
}

/** The label filter the arguments describe; validated before any call. */
export function sessionLabelFilter(args: GetSessionsArgs | undefined): Record<string, string> {
  refuseUnknown("getSessions", args, ["labels", "status", "managedBy"]);
  const filter = requireLabels("getSessions", "labels", args?.labels);
  const managedBy = args?.managedBy;
  if (managedBy !== undefined && managedBy !== null) {
    if (typeof managedBy !== "object" || Array.isArray(managedBy))
      throw new LookupArgumentError("getSessions", "managedBy", "must be an object { project?, stack? }");
    refuseUnknown("getSessions", managedBy, ["project", "stack"]);
    const project = optionalText("getSessions", "managedBy.project", managedBy.project);
    const stack = optionalText("getSessions", "managedBy.stack", managedBy.stack);
    if (project === undefined && stack === undefined)
      throw new LookupArgumentError("getSessions", "managedBy", "give project, stack or both");
    if (project !== undefined) filter[PROJECT_LABEL] = project;
    if (stack !== undefined) filter[STACK_LABEL] = stack;
  }
  return filter;
}

/** Every active session matching the filter: ListSession, every page. Runs in preview as well. */
export async function getSessions(args?: GetSessionsArgs): Promise<GetSessionsResult> {
  const labels = sessionLabelFilter(args);
  const status = optionalText("getSessions", "status", args?.status)?.toUpperCase();
  const sessions: SessionSummary[] = [];
  try {
    for await (const item of lookupApi().listSessions({ labels })) {
      if (status === undefined || item.sessionStatus.toUpperCase() === status)
        sessions.push({ sessionId: item.sessionId, status: item.sessionStatus });
    }
  } catch (err) {
    throw lookupFailed("getSessions", err);
  }
  sessions.sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  return { sessionIds: sessions.map((s) => s.sessionId), sessions };
}

/** {@link getSessions} taking outputs; unknown while an argument or a resource it comes from is (see lookupOutput). */
export function getSessionsOutput(args?: GetSessionsOutputArgs): pulumi.Output<GetSessionsResult> {
  return lookupOutput(args ?? {}, (a) => getSessions(a as GetSessionsArgs));
}

/** Arguments of {@link getSession}. */
export interface GetSessionArgs {
  /** The session id. Required. */
  sessionId: string;
}

/** {@link GetSessionArgs} whose values may be outputs. */
export interface GetSessionOutputArgs {
  /** The session id. Required. */
  sessionId: pulumi.Input<string>;
}

/** A session's details, credentials as plain text (internal: the public forms make them secret). */
export interface SessionLookup {
  sessionId: string;
  status?: string;
  appInstanceId?: string;
  resourceId?: string;
  /** The user's labels (provider-managed ones left out). */
  labels: Record<string, string>;
  resourceUrl?: string;
  token?: string;
}

/** What {@link getSession} returns: the credentials (`resourceUrl`, `token`) are secret outputs. */
export type GetSessionResult = Omit<SessionLookup, "resourceUrl" | "token"> & {
  /** Browser URL with a rotating auth code. Secret. */
  resourceUrl: pulumi.Output<string | undefined>;
  /** Token for direct tool calls. Secret. */
  token: pulumi.Output<string | undefined>;
};

/** getSession + GetLabel, plain. A session that does not exist fails naming `sessionId`. */
export async function lookupSession(args: GetSessionArgs): Promise<SessionLookup> {
  refuseUnknown("getSession", args, ["sessionId"]);
  const sessionId = requireText("getSession", "sessionId", args?.sessionId);
  const api = lookupApi();
  try {
    const details = await api.getSession(sessionId);
    const labels = userLabels(await api.getLabels(sessionId));
    const { status, appInstanceId, resourceId, resourceUrl, token } = details;
    return { sessionId, status, appInstanceId, resourceId, labels, resourceUrl, token };
  } catch (err) {
    if (isNotFound(err)) throw new LookupArgumentError("getSession", "sessionId", `no active session "${sessionId}" on ${api.endpoint}`);
    throw lookupFailed("getSession", err);
  }
}

/** One session by id. `resourceUrl` and `token` come back as secret outputs. */
export async function getSession(args: GetSessionArgs): Promise<GetSessionResult> {
  const { resourceUrl, token, ...rest } = await lookupSession(args);
  return { ...rest, resourceUrl: pulumi.secret(resourceUrl), token: pulumi.secret(token) };
}

/**
 * {@link getSession} taking outputs. The whole result is secret, because an output is secret or not
 * as a whole and this one carries credentials; `pulumi.unsecret(result.status)` shows a field.
 */
export function getSessionOutput(args: GetSessionOutputArgs): pulumi.Output<SessionLookup> {
  return pulumi.secret(lookupOutput(args, (a) => lookupSession(a as GetSessionArgs)));
}
