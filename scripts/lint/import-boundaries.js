/**
 * ESLint rule `agb/import-boundaries`: keeps the house layout of provider/resources from eroding.
 * - No file under provider/resources imports provider/lookups (lookups are program-side data
 *   sources built on the resources, never the other way round).
 * - A resource kind's folder (provider/resources/<kind>/) is imported only by files of that folder:
 *   another kind, the shared folder or a file directly under provider/resources that needs one of
 *   its pieces takes it from the shared folder instead.
 * Relative imports are resolved against the importing file, so the rule reads the same whatever the
 * depth; package imports are never concerned. Why a rule of our own: it needs no module resolver
 * (the TypeScript sources import each other without extensions) and its notion of "a kind's folder"
 * is exactly the list below.
 */
"use strict";
const path = require("node:path");

/** The resource kinds that own a folder under provider/resources (issue 20, "Pulumi package"). */
const KINDS = ["session", "context", "context-file", "browser-extension"];

function create(context) {
  const root = path.resolve(context.settings?.agbRoot ?? context.cwd ?? process.cwd());
  const resources = path.join(root, "provider", "resources");
  const lookups = path.join(root, "provider", "lookups");
  const allowed = new Set(context.options[0]?.allow ?? []);
  const file = path.resolve(context.filename);
  if (!file.startsWith(resources + path.sep)) return {};
  const fromRoot = (p) => path.relative(root, p).split(path.sep).join("/");
  const kindOf = (p) => {
    const first = path.relative(resources, p).split(path.sep)[0];
    const isFolder = path.relative(resources, p).includes(path.sep);
    return isFolder && KINDS.includes(first) ? first : undefined;
  };
  const ownKind = kindOf(file);

  function check(node, specifier) {
    if (typeof specifier !== "string" || !specifier.startsWith(".")) return;
    const target = path.resolve(path.dirname(file), specifier);
    const pair = `${fromRoot(file)} -> ${fromRoot(target)}`;
    if (allowed.has(pair)) return;
    if (target === lookups || target.startsWith(lookups + path.sep)) {
      context.report({ node, messageId: "lookups", data: { file: fromRoot(file) } });
      return;
    }
    const targetKind = target.startsWith(resources + path.sep) ? kindOf(target) : undefined;
    if (targetKind && targetKind !== ownKind) {
      context.report({
        node,
        messageId: "otherKind",
        data: { who: ownKind ? `the ${ownKind} folder` : fromRoot(file), kind: targetKind, target: fromRoot(target) },
      });
    }
  }

  return {
    ImportDeclaration: (node) => check(node.source, node.source.value),
    ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
    ExportAllDeclaration: (node) => check(node.source, node.source.value),
    ImportExpression: (node) => node.source.type === "Literal" && check(node.source, node.source.value),
    CallExpression: (node) => {
      const [arg] = node.arguments;
      if (node.callee.type === "Identifier" && node.callee.name === "require" && arg?.type === "Literal") check(arg, arg.value);
    },
  };
}

module.exports = {
  meta: {
    type: "problem",
    docs: { description: "resource kinds do not import each other's folders; resources do not import lookups" },
    schema: [
      {
        type: "object",
        properties: { allow: { type: "array", items: { type: "string" } } },
        additionalProperties: false,
      },
    ],
    messages: {
      lookups: "{{file}} imports provider/lookups: resources must not depend on the lookups built on them",
      otherKind: "{{who}} imports {{target}} from the {{kind}} folder: take shared pieces from provider/resources/shared/",
    },
  },
  create,
};
