/**
 * The module the serialized `__provider` requires (`require("pulumi-agb/providers/context")`). Its
 * exports are exactly the dynamic provider methods, nothing else: the host calls them by name.
 */
import { applyStackConfig } from "../config";
import type { ConfigSource } from "../config";

/** Stack config arrives here; assigned synchronously (the host may call other methods concurrently). */
export function configure(req: { config?: ConfigSource }): Promise<void> {
  applyStackConfig(req?.config);
  return Promise.resolve();
}

export { check, diff, create, read, update, deleteContext as delete } from "../resources/context";
