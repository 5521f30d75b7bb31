/** `agb.getContext` / `agb.getContexts`: contexts looked up, not managed (GetContext never creates here). */
import * as pulumi from "@pulumi/pulumi";
import type { ContextInfo } from "../client/types";
import { isNotFound } from "../resources/shared/errors";
import { LookupArgumentError, lookupApi, lookupFailed, lookupOutput, refuseUnknown, requireText } from "./lookup-support";

/** Arguments of {@link getContext}: exactly one of `name` and `contextId`. */
export type GetContextArgs =
  | {
      /** The context name. Required unless `contextId` is given. */
      name: string;
      contextId?: undefined;
    }
  | {
      /** The context id (`SdkCtx-...`). Required unless `name` is given. */
      contextId: string;
      name?: undefined;
    };

/** {@link GetContextArgs} whose values may be outputs. */
export interface GetContextOutputArgs {
  /** The context name. Default: none (then `contextId` is required). */
  name?: pulumi.Input<string>;
  /** The context id. Default: none (then `name` is required). */
  contextId?: pulumi.Input<string>;
}

/** A context as looked up. */
export interface GetContextResult {
  contextId: string;
  name: string;
  /** `available`, `clearing` or `pre-available` (GetContext only; listings leave it out). */
  state?: string;
  createTime?: string;
  lastUsedTime?: string;
}

function toResult(info: ContextInfo): GetContextResult {
  const out: GetContextResult = { contextId: info.id, name: info.name };
  if (info.state !== undefined) out.state = info.state;
  if (info.createTime !== undefined) out.createTime = info.createTime;
  if (info.lastUsedTime !== undefined) out.lastUsedTime = info.lastUsedTime;
  return out;
}

/** One context by name or by id (never created). An unknown one fails naming the argument. */
export async function getContext(args: GetContextArgs): Promise<GetContextResult> {
  refuseUnknown("getContext", args, ["name", "contextId"]);
  const given = (["name", "contextId"] as const).filter((k) => args?.[k] !== undefined && args?.[k] !== null);
  if (given.length !== 1) {
    throw new LookupArgumentError(
      "getContext",
      "name / contextId",
      given.length === 0 ? "give one of them" : "give only one of them, not both",
    );
  }
  const argument = given[0];
  const value = requireText("getContext", argument, args[argument]);
  const api = lookupApi();
  try {
    const info = await api.getContext(argument === "name" ? { name: value, allowCreate: false } : { id: value });
    return toResult(info);
  } catch (err) {
    if (isNotFound(err)) {
      throw new LookupArgumentError(
        "getContext",
        argument,
        `no context ${argument === "name" ? "named" : "with id"} "${value}" on ${api.endpoint}`,
      );
    }
    throw lookupFailed("getContext", err);
  }
}

/** {@link getContext} taking outputs; unknown while an argument or a resource it comes from is (see lookupOutput). */
export function getContextOutput(args: GetContextOutputArgs): pulumi.Output<GetContextResult> {
  return lookupOutput(args, (a) => getContext(a as GetContextArgs));
}

/** What {@link getContexts} finds, sorted by name. */
export interface GetContextsResult {
  contexts: GetContextResult[];
  contextIds: string[];
  names: string[];
}

/** Every context of the account: ListContexts, every page. */
export async function getContexts(args?: Record<string, never>): Promise<GetContextsResult> {
  refuseUnknown("getContexts", args, []);
  const contexts: GetContextResult[] = [];
  try {
    for await (const info of lookupApi().listContexts()) contexts.push(toResult(info));
  } catch (err) {
    throw lookupFailed("getContexts", err);
  }
  contexts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.contextId < b.contextId ? -1 : 1));
  return { contexts, contextIds: contexts.map((c) => c.contextId), names: contexts.map((c) => c.name) };
}

/** {@link getContexts} as an output. */
export function getContextsOutput(): pulumi.Output<GetContextsResult> {
  return pulumi.output(getContexts());
}
