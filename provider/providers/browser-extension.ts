/**
 * The module the serialized `__provider` requires (`require("pulumi-agb/providers/browser-extension")`).
 * Its exports are exactly the dynamic provider methods, nothing else: the host calls them by name.
 */
export { configure } from "../config";

export { check, diff, create, read, update, deleteBrowserExtension as delete } from "../resources/browser-extension";
