/**
 * Lint (`npm run lint`, the first step of `npm test`): the layout and import rules of the house,
 * and a line limit. Formatting itself is prettier's (.prettierrc.json); this config turns on no
 * stylistic rule that prettier would fight.
 */
"use strict";
const tseslint = require("typescript-eslint");
const importX = require("eslint-plugin-import-x");
const importBoundaries = require("./scripts/lint/import-boundaries");

/**
 * Imports across a kind's boundary that the design means: a BrowserExtension is a ContextFile at a
 * random path, so its folder runs the ContextFile handlers (provider/resources/browser-extension/index.ts
 * says so). Each entry is "importing file -> imported path" from the repository root.
 */
const KNOWN_CROSSINGS = [
  "provider/resources/browser-extension/index.ts -> provider/resources/context-file",
  "provider/resources/browser-extension/index.ts -> provider/resources/context-file/schema",
];

module.exports = [
  {
    ignores: [
      "node_modules/",
      "dist/",
      "dist-engine/",
      ".tools/",
      "coverage/",
      "**/node_modules/",
      "**/.engine-state/",
      "test/bench/.work/",
      "test/reliability/results/",
    ],
  },
  {
    files: ["**/*.ts", "**/*.js", "**/*.mjs"],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2022,
      sourceType: "module",
    },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: {
      "@typescript-eslint": tseslint.plugin,
      "import-x": importX,
      agb: { rules: { "import-boundaries": importBoundaries } },
    },
    settings: { agbRoot: __dirname },
    rules: {
      "max-len": [
        "error",
        {
          code: 140,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
      "import-x/first": "error",
      "import-x/no-duplicates": "error",
      "import-x/order": [
        "error",
        {
          groups: ["builtin", "external", ["internal", "parent", "sibling", "index"]],
          "newlines-between": "ignore",
        },
      ],
      "agb/import-boundaries": ["error", { allow: KNOWN_CROSSINGS }],
    },
  },
];
