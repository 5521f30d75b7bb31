/**
 * The lint rule that keeps the house layout (scripts/lint/import-boundaries.js), run through ESLint
 * itself on sources placed at paths of the layout: a resource kind may not import another kind's
 * folder (nor may the shared folder or a file directly under provider/resources), resources may not
 * import lookups, and the allow-list of the repository's config lets exactly its pairs through.
 */
import { join } from "node:path";
import { ESLint } from "eslint";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tseslint = require("typescript-eslint");
const importBoundaries = require("../../scripts/lint/import-boundaries");
// eslint-disable-next-line @typescript-eslint/no-require-imports

const ROOT = join(__dirname, "..", "..");

async function problems(file: string, source: string, allow: string[] = []): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ["**/*.ts"],
        languageOptions: { parser: tseslint.parser, sourceType: "module" },
        plugins: { agb: { rules: { "import-boundaries": importBoundaries } } },
        settings: { agbRoot: ROOT },
        rules: { "agb/import-boundaries": ["error", { allow }] },
      },
    ],
  });
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
  return result.messages.map((m) => m.message);
}

test("a kind importing another kind's folder is refused, naming both", async () => {
  const found = await problems("provider/resources/context/handlers.ts", 'import { pickFields } from "../session/state";\n');
  expect(found).toEqual([expect.stringContaining("the context folder imports provider/resources/session/state from the session folder")]);
});

test("the shared folder and the files directly under provider/resources may not reach into a kind's folder", async () => {
  expect(await problems("provider/resources/shared/diff.ts", 'import { x } from "../session/state";\n')).toHaveLength(1);
  expect(await problems("provider/resources/context.ts", 'import { x } from "./session/state";\n')).toHaveLength(1);
  expect(await problems("provider/resources/context-file/create.ts", 'const s = require("../browser-extension/zip");\n')).toHaveLength(1);
});

test("resources may not import lookups", async () => {
  const found = await problems("provider/resources/session/resource.ts", 'import { programApi } from "../../lookups/lookup-support";\n');
  expect(found).toEqual([expect.stringContaining("imports provider/lookups")]);
});

test("a kind's own folder, the shared folder, the client and packages stay allowed", async () => {
  const source = [
    'import { z } from "zod";',
    'import { a } from "./state";',
    'import { b } from "../shared/pick-fields";',
    'import { c } from "../../client/types";',
    'export { d } from "./schema";',
  ].join("\n");
  expect(await problems("provider/resources/session/create.ts", source)).toEqual([]);
  expect(await problems("provider/lookups/get-sessions.ts", 'import { s } from "../resources/session/state";\n')).toEqual([]);
});

test("the allow-list lets exactly its pairs through", async () => {
  const allow = ["provider/resources/context.ts -> provider/resources/session/state"];
  expect(await problems("provider/resources/context.ts", 'import { x } from "./session/state";\n', allow)).toEqual([]);
  expect(await problems("provider/resources/context.ts", 'import { x } from "./session/schema";\n', allow)).toHaveLength(1);
});
