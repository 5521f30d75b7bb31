/**
 * The `agb` package schema (provider/plugin/schema.json), generated from the built zod schemas
 * (dist/) and the TSDoc of the TypeScript classes and argument types (provider/). Run after `npm
 * run build`: `node scripts/plugin-schema/generate.js` writes the file; `--check` only compares
 * (test/plugin/schema.test.ts does the same and fails when the committed file is stale).
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { z } = require("zod");
const { readDeclarations, shapeOf } = require("./ts-docs");
const { TypeCollector, PKG } = require("./types");

const ROOT = join(__dirname, "..", "..");
const SCHEMA_FILE = join(ROOT, "provider", "plugin", "schema.json");
const dist = (path) => require(join(ROOT, "dist", path));

/** The four resources: their zod input schema, program-side class, argument type and replacement rules. */
function resources() {
  return [
    {
      name: "Session",
      zod: dist("resources/session/schema").sessionInputsSchema,
      args: "SessionArgs",
      rules: dist("resources/session/state").SESSION_RULES,
    },
    {
      name: "Context",
      zod: dist("resources/context/schema").contextInputsSchema,
      args: "ContextArgs",
      rules: dist("resources/context/schema").CONTEXT_RULES,
    },
    {
      name: "ContextFile",
      zod: dist("resources/context-file/schema").contextFileArgsSchema,
      args: "ContextFileArgs",
      rules: dist("resources/context-file/schema").CONTEXT_FILE_RULES,
    },
    {
      name: "BrowserExtension",
      zod: dist("resources/browser-extension").browserExtensionArgsSchema,
      args: "BrowserExtensionArgs",
      rules: dist("resources/browser-extension").BROWSER_EXTENSION_RULES,
    },
  ];
}

/** The functions: the lookup's exported function (for its doc), its argument type and its result type. */
const FUNCTIONS = [
  { name: "getSession", args: "GetSessionArgs", result: "SessionLookup", secret: ["resourceUrl", "token"] },
  { name: "getSessions", args: "GetSessionsArgs", result: "GetSessionsResult" },
  { name: "getContext", args: "GetContextOutputArgs", result: "GetContextResult" },
  { name: "getContexts", args: undefined, result: "GetContextsResult" },
];

/** Stack configuration `agb:<key>` and the StackConfig member (config.ts) that documents it. */
const CONFIG = [
  { key: "apiKey", member: "apiKey", spec: { type: "string", secret: true } },
  { key: "endpoint", member: "endpoint", spec: { type: "string" } },
  { key: "defaultLabels", member: "defaultLabelsJson", spec: { type: "object", additionalProperties: { type: "string" } } },
];

function resourceSpec(collector, r, secretOutputs) {
  const decls = collector.decls;
  const json = z.toJSONSchema(r.zod, { io: "input", unrepresentable: "any" });
  const args = collector.declaration(r.args);
  const { properties: inputProperties, required: requiredInputs } = collector.propertiesFromZod(json, args.members, r.name);
  const cls = collector.declaration(r.name);
  const properties = {};
  const required = [];
  for (const [name, member] of cls.members) {
    if (name.startsWith("__")) continue;
    const shape = shapeOf(member.type);
    // An output that echoes an input has the input's type; its own doc, else the input's.
    const spec = inputProperties[name]
      ? { ...inputProperties[name], ...(member.doc ? { description: member.doc } : {}) }
      : { ...(member.doc ? { description: member.doc } : {}), ...collector.fromTs(shape, `${r.name}${name}`) };
    delete spec.default;
    if (secretOutputs.includes(name)) spec.secret = true;
    properties[name] = spec;
    if (!shape.optional) required.push(name);
  }
  void decls;
  return {
    description: cls.doc,
    properties,
    required,
    inputProperties,
    requiredInputs,
    replaceOnChanges: r.rules.replaceOnChange.length ? [...r.rules.replaceOnChange] : undefined,
  };
}

function functionSpec(collector, f) {
  const inputs = f.args ? collector.propertiesFromTs(collector.declaration(f.args).members, f.args) : undefined;
  const result = collector.propertiesFromTs(collector.declaration(f.result).members, f.result);
  for (const name of f.secret ?? []) result.properties[name] = { ...result.properties[name], secret: true };
  return {
    description: collector.decls.values.get(f.name),
    inputs: inputs && { properties: inputs.properties, required: inputs.required },
    outputs: { properties: result.properties, required: result.required },
  };
}

/** The schema object. */
function generateSchema() {
  const decls = readDeclarations(join(ROOT, "provider"));
  const collector = new TypeCollector(decls, dist("enums"));
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const sessionSecrets = dist("index").SESSION_SECRET_OUTPUTS;
  const resourcesSection = {};
  for (const r of resources())
    resourcesSection[`${PKG}:index:${r.name}`] = resourceSpec(collector, r, r.name === "Session" ? sessionSecrets : []);
  const functionsSection = {};
  for (const f of FUNCTIONS) functionsSection[`${PKG}:index:${f.name}`] = functionSpec(collector, f);
  const stackConfig = collector.declaration("StackConfig").members;
  const variables = {};
  for (const c of CONFIG) variables[c.key] = { description: stackConfig.get(c.member)?.doc, ...c.spec };
  const types = Object.fromEntries(
    Object.keys(collector.types)
      .sort()
      .map((k) => [k, collector.types[k]]),
  );
  return {
    name: PKG,
    displayName: "AGB",
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    keywords: ["pulumi", "agb", "category/cloud", "kind/native"],
    config: { variables },
    provider: { description: "The AGB provider: where sessions and contexts are made, and with which key.", inputProperties: variables },
    types,
    resources: resourcesSection,
    functions: functionsSection,
    // No nodejs section: TypeScript users keep the dynamic classes of the `pulumi-agb` npm package (docs/plugin.md).
    language: {
      python: { packageName: "pulumi_agb" },
    },
  };
}

/** The schema as the committed file holds it. */
function schemaText() {
  return `${JSON.stringify(generateSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const text = schemaText();
  if (process.argv.includes("--check")) {
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    if (committed !== text) {
      console.error("provider/plugin/schema.json is stale: run npm run schema");
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}

module.exports = { generateSchema, schemaText, SCHEMA_FILE };
