/** `agb:Context` inputs: the zod schema, the diff rules and the names of the outputs, each field once. */
import { z } from "zod";
import { unk } from "../shared/check-helpers";
import type { DiffRules } from "../shared/diff";

/** Canonical context inputs. */
export const contextInputsSchema = z.strictObject({
  name: unk(
    z
      .string({ error: (iss) => (iss.input === undefined ? "required: the context name" : "name must be a string") })
      .trim()
      .min(1, { error: "name must not be empty" }),
  ),
  adoptExisting: unk(z.boolean({ error: "must be true or false" })).default(false),
  forceDestroy: unk(z.boolean({ error: "must be true or false" })).default(false),
});

/** Nothing replaces a context: a rename is ModifyContext, the flags are provider-side settings. */
export const CONTEXT_RULES: DiffRules<ContextField> = {
  fields: Object.keys(contextInputsSchema.shape) as ContextField[],
  replaceOnChange: [],
};

/** A user-declared input field of a context. */
export type ContextField = keyof typeof contextInputsSchema.shape;

/** Canonical context inputs. */
export type ContextInputs = z.output<typeof contextInputsSchema>;

/** The outputs a context has beyond its input fields, as the handlers' outputs builder writes them. */
export const CONTEXT_FACT_OUTPUTS = ["contextId", "name", "state", "createTime", "endpoint"] as const;
/** A fact output of a context. */
export type ContextFactOutput = (typeof CONTEXT_FACT_OUTPUTS)[number];
