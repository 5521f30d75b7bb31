/**
 * The resource types the plugin serves, each backed by the very module the dynamic form's
 * serialized provider requires (provider/providers/*.ts): one set of handlers for both forms.
 */
import * as browserExtension from "../providers/browser-extension";
import * as context from "../providers/context";
import * as contextFile from "../providers/context-file";
import * as session from "../providers/session";
import { SESSION_SECRET_OUTPUTS } from "../index";

/** A dynamic provider module's handlers, as the dynamic provider host calls them. */
export interface DynamicHandlers {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }>;
  read(id: string, props: Record<string, unknown>): Promise<{ id: string; props?: Record<string, unknown>; inputs?: Record<string, unknown> }>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: Record<string, unknown> }>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
}

/** The Session's type token. */
export const SESSION_TOKEN = "agb:index:Session";

/** Type token -> handlers. */
export const RESOURCE_HANDLERS: Record<string, DynamicHandlers> = {
  [SESSION_TOKEN]: session as unknown as DynamicHandlers,
  "agb:index:Context": context as unknown as DynamicHandlers,
  "agb:index:ContextFile": contextFile as unknown as DynamicHandlers,
  "agb:index:BrowserExtension": browserExtension as unknown as DynamicHandlers,
};

/**
 * Outputs stored as secrets, per type: the dynamic form marks them with `additionalSecretOutputs`
 * on the program side, which a plugin does not have. The Session's credentials always; a
 * ContextFile's digest and size when `content` is given (the provider cannot tell a secret
 * `content` from plain text, so it hides both, as the ContextFile class does).
 */
export function secretOutputsOf(type: string, outs: Record<string, unknown> | undefined): readonly string[] {
  if (type === SESSION_TOKEN) return SESSION_SECRET_OUTPUTS;
  if (type === "agb:index:ContextFile" && outs?.content !== undefined) return ["sha256", "size"];
  return [];
}

/** The type and the name of a resource from its URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
  const parts = urn.split("::");
  const stack = (parts[0] ?? "").replace(/^urn:pulumi:/, "");
  const qualifiedType = parts[2] ?? "";
  return { stack, project: parts[1] ?? "", type: qualifiedType.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}
