/**
 * The TSDoc of the program-side types (provider/**\/*.ts), read with the TypeScript compiler's
 * parser: the schema's descriptions are the very text a TypeScript user sees in the editor.
 */
const { readdirSync, readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");
const ts = require("typescript");

/** The wire client and agb-local declare their own types (a `ContextFile` of the API, ...): not the user's. */
const NOT_USER_FACING = new Set(["client", "local", "plugin"]);

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!NOT_USER_FACING.has(entry)) out.push(...sourceFiles(path));
    } else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/**
 * The TSDoc text of a node (its summary, tags left out), whitespace folded to one line. Only the
 * comment right before it: a file's opening comment attaches to its first declaration too.
 */
function docOf(node) {
  const last = (node.jsDoc ?? []).at(-1);
  const comment = last?.comment;
  const text = (typeof comment === "string" ? comment : (ts.getTextOfJSDocComment(comment) ?? "")).replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

/**
 * Every interface and class of the provider folder, by name: `{ doc, members: Map<name, { doc,
 * optional, type }> }` where `type` is the member's type node, and the docs of functions and
 * constants by name. An interface or class name declared twice is marked `twice`: the schema
 * would not know which one a reference means.
 */
function readDeclarations(root) {
  const found = new Map();
  const values = new Map();
  for (const file of sourceFiles(root)) {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    sf.forEachChild((node) => {
      // Exported functions and constants (the lookups, the enum objects): their doc only.
      if (ts.isFunctionDeclaration(node) && node.name) values.set(node.name.text, docOf(node));
      if (ts.isVariableStatement(node))
        for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) values.set(d.name.text, docOf(node));
      if (!ts.isInterfaceDeclaration(node) && !ts.isClassDeclaration(node)) return;
      if (!node.name) return;
      const name = node.name.text;
      // A name declared twice is marked, and fails only when the schema refers to it.
      found.set(
        name,
        found.has(name)
          ? { file, twice: `${found.get(name).file}, ${file}` }
          : { file, doc: docOf(node), members: membersOf(node.members) },
      );
    });
  }
  return { types: found, values };
}

/** Members of an interface, class or type literal that carry a value (methods and statics left out). */
function membersOf(members) {
  const out = new Map();
  for (const m of members) {
    if (!(ts.isPropertySignature(m) || ts.isPropertyDeclaration(m)) || !m.name || !ts.isIdentifier(m.name)) continue;
    if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    out.set(m.name.text, { doc: docOf(m), optional: Boolean(m.questionToken), type: m.type });
  }
  return out;
}

/** `pulumi.Input<T>` / `pulumi.Output<T>` / `Promise<T>` -> T, repeatedly. */
function unwrap(type) {
  while (
    type &&
    ts.isTypeReferenceNode(type) &&
    /(^|\.)(Input|Output)$/.test(type.typeName.getText()) &&
    type.typeArguments?.length === 1
  ) {
    type = type.typeArguments[0];
  }
  return type;
}

/**
 * The shape of a type node, as far as the schema needs it: `{ kind: "ref", name }` (a declared
 * interface or an enum type), `{ kind: "literal", members }`, `{ kind: "array", items }`,
 * `{ kind: "map", values }`, `{ kind: "string" | "number" | "boolean" }`, with `optional` when
 * `| undefined` is part of it.
 */
function shapeOf(node) {
  node = unwrap(node);
  if (!node) return { kind: "any" };
  if (ts.isUnionTypeNode(node)) {
    const parts = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && t.getText() !== "undefined");
    if (parts.length === 1) return { ...shapeOf(parts[0]), optional: true };
    return { kind: "any" };
  }
  if (ts.isArrayTypeNode(node)) return { kind: "array", items: shapeOf(node.elementType) };
  if (ts.isTypeLiteralNode(node)) return { kind: "literal", members: membersOf(node.members) };
  if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: "string" };
  if (node.kind === ts.SyntaxKind.NumberKeyword) return { kind: "number" };
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: "boolean" };
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if ((name === "Record" || name.endsWith(".Record")) && node.typeArguments?.length === 2)
      return { kind: "map", values: shapeOf(node.typeArguments[1]) };
    if (name === "Required" && node.typeArguments?.length === 1) return shapeOf(node.typeArguments[0]);
    return { kind: "ref", name };
  }
  return { kind: "any" };
}

module.exports = { readDeclarations, shapeOf, docOf };
