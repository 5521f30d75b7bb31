/**
 * provider/plugin/schema.json is generated (scripts/plugin-schema/generate.js) from the zod schemas
 * and the TSDoc of the TypeScript types; these tests fail when the committed file is stale and
 * show that the generation follows both sources field by field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSchema, schemaText, SCHEMA_FILE } = require(join(ROOT, "scripts", "plugin-schema", "generate.js"));

interface Prop {
  type?: string;
  $ref?: string;
  description?: string;
  default?: unknown;
  secret?: boolean;
  items?: Prop;
}
interface Schema {
  config: { variables: Record<string, Prop> };
  types: Record<string, { properties?: Record<string, Prop>; enum?: { name: string; value: string }[] }>;
  resources: Record<
    string,
    { properties: Record<string, Prop>; inputProperties: Record<string, Prop>; requiredInputs?: string[]; replaceOnChanges?: string[] }
  >;
  functions: Record<string, { inputs?: { properties: Record<string, Prop> }; outputs: { properties: Record<string, Prop> } }>;
}

test("the committed schema.json is what the generator writes now (run `npm run schema` when this fails)", () => {
  expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText());
});

test("every zod input field is a schema input, with the TSDoc text as its description and zod's default", () => {
  const schema = generateSchema() as Schema;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sessionInputsSchema } = require(join(ROOT, "dist", "resources", "session", "schema.js"));
  const session = schema.resources["agb:index:Session"];
  const zodFields = Object.keys(sessionInputsSchema.in?.shape ?? sessionInputsSchema._zod.def.in._zod.def.shape);
  expect(Object.keys(session.inputProperties).sort()).toEqual([...zodFields].sort());
  expect(session.requiredInputs).toEqual(["imageId"]);
  expect(session.inputProperties.syncOnDelete).toMatchObject({ type: "boolean", default: true });
  const argsText = readFileSync(join(ROOT, "provider", "resources", "session", "args.ts"), "utf8");
  expect(argsText).toContain(`/** ${session.inputProperties.imageId.description} */`);
  expect(session.replaceOnChanges).toEqual(["imageId", "contextSyncs", "browserContext", "idleTimeoutSeconds", "policyId"]);
});

test("enums come from enums.ts, secrets from the classes' secret outputs, config from config.ts", () => {
  const schema = generateSchema() as Schema;
  expect(schema.types["agb:index:UploadMode"].enum).toEqual([
    { name: "FILE", value: "File" },
    { name: "ARCHIVE", value: "Archive" },
  ]);
  expect(schema.types["agb:index:UploadPolicy"].properties?.uploadMode.$ref).toBe("#/types/agb:index:UploadMode");
  expect(schema.resources["agb:index:Session"].properties.token.secret).toBe(true);
  expect(schema.resources["agb:index:Session"].properties.resourceUrl.secret).toBe(true);
  expect(schema.config.variables.apiKey.secret).toBe(true);
  expect(Object.keys(schema.config.variables)).toEqual(["apiKey", "endpoint", "defaultLabels"]);
  expect(Object.keys(schema.functions).sort()).toEqual([
    "agb:index:getContext",
    "agb:index:getContexts",
    "agb:index:getSession",
    "agb:index:getSessions",
  ]);
  expect(schema.functions["agb:index:getSession"].outputs.properties.token.secret).toBe(true);
  // No hidden bookkeeping field is part of the package.
  expect(JSON.stringify(schema)).not.toContain("__agb");
});
