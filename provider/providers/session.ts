/**
 * The module the serialized `__provider` requires (`require("pulumi-agb/providers/session")`). Its
 * exports are exactly the dynamic provider methods, nothing else: the host calls them by name.
 */
import { check as checkInputs } from "../resources/session";
import { showingGivenValues } from "../resources/shared/given-values";

export { configure } from "../config";

/** Check, with the value the user gave shown in each failure at a nested path (given-values.ts says why). */
export const check = showingGivenValues(checkInputs);
export { diff, create, read, update, deleteSession as delete } from "../resources/session";
