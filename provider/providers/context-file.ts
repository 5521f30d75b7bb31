/**
 * The module the serialized `__provider` requires (`require("pulumi-agb/providers/context-file")`).
 * Its exports are exactly the dynamic provider methods, nothing else: the host calls them by name.
 */
export { configure } from "../config";

export { check, diff, create, read, update, deleteContextFile as delete } from "../resources/context-file";
