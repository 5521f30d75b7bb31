/**
 * The modules the serialized `__provider` requires (`pulumi-agb/providers/<kind>`), each checked
 * against `pulumi.dynamic.ResourceProvider` when the package builds: the Node host calls their
 * exports by name, so a handler renamed or given another signature fails `npm run build` instead
 * of a user's `pulumi up`. Types only.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as session from "../providers/session";
import type * as context from "../providers/context";
import type * as contextFile from "../providers/context-file";
import type * as browserExtension from "../providers/browser-extension";

// Required: every method the host may call is served (the interface leaves all but create optional).
type IsDynamicProvider<T extends Required<pulumi.dynamic.ResourceProvider>> = T;

/** Each serialized provider module, as the host sees it. */
export type ProviderModules = [
  IsDynamicProvider<typeof session>,
  IsDynamicProvider<typeof context>,
  IsDynamicProvider<typeof contextFile>,
  IsDynamicProvider<typeof browserExtension>,
];
