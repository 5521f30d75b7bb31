/**
 * Pulumi schema types from the zod schemas (inputs: types, defaults, enums, required) walked
 * beside the TypeScript declarations (descriptions, type names), and from the TypeScript
 * declarations alone where no zod schema exists (outputs, function results). A zod field with no
 * TypeScript property, or the reverse, fails the generation: the two must agree field by field.
 */
const { shapeOf } = require("./ts-docs");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PKG = "agb";

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const typeRef = (name) => ({ $ref: `#/types/${PKG}:index:${name}` });

/** The JSON schema without the preview-unknown alternative every field allows (check-helpers.ts `unk`). */
function known(node) {
  if (!node?.anyOf) return node;
  const rest = node.anyOf.filter((n) => n.const !== UNKNOWN);
  if (rest.length !== 1) return node;
  const { anyOf: _drop, ...outer } = node;
  return { ...known(rest[0]), ...outer };
}

/**
 * A collector of named types: `types` (the schema's `types` section) grows as references are met.
 * `decls` are the TypeScript declarations (ts-docs.js), `enums` the enum objects of enums.ts.
 */
class TypeCollector {
  constructor(decls, enums) {
    this.decls = decls;
    this.enums = enums;
    this.types = {};
  }

  declaration(name) {
    const d = this.decls.types.get(name);
    if (!d) throw new Error(`no TypeScript declaration named ${name}`);
    if (d.twice) throw new Error(`${name} is declared twice (${d.twice})`);
    return d;
  }

  /** Members and doc of a TS shape that is an object (a declared interface or a literal). */
  objectOf(shape, fallbackName) {
    if (shape.kind === "ref") {
      const d = this.declaration(shape.name);
      return { name: shape.name.replace(/Args$/, ""), doc: d.doc, members: d.members };
    }
    if (shape.kind === "literal") return { name: fallbackName, doc: undefined, members: shape.members };
    throw new Error(`${fallbackName}: expected an object type in TypeScript`);
  }

  enumRef(name, values) {
    const object = this.enums[name];
    if (!object) throw new Error(`${name} is not an enum of enums.ts`);
    const listed = Object.entries(object).map(([key, value]) => ({ name: key, value }));
    if (values && JSON.stringify(listed.map((v) => v.value).sort()) !== JSON.stringify([...values].sort())) {
      throw new Error(`enum ${name}: zod allows ${values.join(", ")}, enums.ts has ${listed.map((v) => v.value).join(", ")}`);
    }
    this.types[`${PKG}:index:${name}`] = { type: "string", description: this.decls.values.get(name), enum: listed };
    return typeRef(name);
  }

  /** A property type from its zod JSON schema node and its TypeScript shape. */
  fromZod(node, shape, fallbackName) {
    node = known(node);
    if (node.enum) return shape.kind === "ref" ? this.enumRef(shape.name, node.enum) : { type: "string" };
    if (node.type === "string") return { type: "string" };
    if (node.type === "integer") return { type: "integer" };
    if (node.type === "number") return { type: "number" };
    if (node.type === "boolean") return { type: "boolean" };
    if (node.type === "array") return { type: "array", items: this.fromZod(node.items, shape.items ?? { kind: "any" }, fallbackName) };
    if (node.type === "object" && node.additionalProperties && !node.properties) {
      return {
        type: "object",
        additionalProperties: this.fromZod(node.additionalProperties, shape.values ?? { kind: "any" }, fallbackName),
      };
    }
    if (node.type === "object") {
      const object = this.objectOf(shape, fallbackName);
      const { properties, required } = this.propertiesFromZod(node, object.members, object.name);
      this.types[`${PKG}:index:${object.name}`] = { type: "object", description: object.doc, properties, required };
      return typeRef(object.name);
    }
    throw new Error(`${fallbackName}: zod type ${JSON.stringify(node).slice(0, 80)} has no schema form`);
  }

  /** `properties` and `required` of an object from zod, each described by its TypeScript property. */
  propertiesFromZod(node, members, owner) {
    const properties = {};
    for (const [name, field] of Object.entries(node.properties ?? {})) {
      const member = members.get(name);
      if (!member) throw new Error(`${owner}.${name}: in the zod schema but not in the TypeScript type`);
      const spec = this.fromZod(field, shapeOf(member.type), `${owner}${cap(name)}`);
      const def = known(field).default;
      // Primitive defaults only, and not on enum references (the schema binder types a default by its property).
      if (def !== undefined && (typeof def !== "object" || def === null) && !spec.$ref) spec.default = def;
      properties[name] = withDescription(spec, member.doc);
    }
    for (const name of members.keys()) {
      if (!(name in properties)) throw new Error(`${owner}.${name}: in the TypeScript type but not in the zod schema`);
    }
    const required = (node.required ?? []).filter((n) => known(node.properties[n]).default === undefined);
    return { properties, required: required.length ? required : undefined };
  }

  /** A type from its TypeScript shape alone (outputs, function arguments and results). */
  fromTs(shape, fallbackName) {
    switch (shape.kind) {
      case "string":
      case "number":
      case "boolean":
        return { type: shape.kind };
      case "array":
        return { type: "array", items: this.fromTs(shape.items, fallbackName) };
      case "map":
        return { type: "object", additionalProperties: this.fromTs(shape.values, fallbackName) };
      case "ref":
        if (this.enums[shape.name]) return this.enumRef(shape.name);
      // falls through: an interface
      case "literal": {
        const object = this.objectOf(shape, fallbackName);
        const { properties, required } = this.propertiesFromTs(object.members, object.name);
        this.types[`${PKG}:index:${object.name}`] = { type: "object", description: object.doc, properties, required };
        return typeRef(object.name);
      }
      default:
        throw new Error(`${fallbackName}: a TypeScript type the schema cannot express`);
    }
  }

  propertiesFromTs(members, owner) {
    const properties = {};
    const required = [];
    for (const [name, member] of members) {
      if (name.startsWith("__")) continue; // hidden: not part of the package
      const shape = shapeOf(member.type);
      properties[name] = withDescription(this.fromTs(shape, `${owner}${cap(name)}`), member.doc);
      if (!member.optional && !shape.optional) required.push(name);
    }
    return { properties, required: required.length ? required : undefined };
  }
}

function withDescription(spec, doc) {
  return doc ? { description: doc, ...spec } : spec;
}

module.exports = { TypeCollector, known, PKG };
