/**
 * The YAML and Python programs of the README's "YAML and Python" section, taken from README.md as
 * printed, run under the real CLI with the provider plugin: up makes the context and the session
 * with the shown labels, destroy removes them.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LIVE, ROOT } from "../engine/harness";
import { scratchDir } from "../support/test-run";
import { useCliAgbLocal } from "./cli-agb-local";
import { CliStack } from "./cli-stack";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonSdk } = require("../../scripts/python-sdk") as { ensurePythonSdk: () => string };

jest.setTimeout(1_200_000);

const agb = useCliAgbLocal();
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The fenced block of `lang` whose first line is `# <file>`, without that line. */
function snippet(lang: string, file: string): string {
  const m = new RegExp("```" + lang + "\\n# " + file.replace(".", "\\.") + "\\n([\\s\\S]*?)```").exec(README);
  if (!m) throw new Error(`README.md has no ${lang} block starting with "# ${file}"`);
  return m[1];
}

async function upAndDestroy(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const dir = scratchDir("readme-");
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const s = new CliStack({ programDir: dir, env });
  try {
    await s.init(agb.url, `akm-readme-${Object.keys(files).join("-")}`);
    await s.ok("up");
    expect((await agb.control.sessions()).filter((x) => LIVE.has(x.status)).map((x) => x.labels?.team)).toEqual(["ml"]);
    expect((await agb.control.contexts()).map((c) => c.name)).toEqual(["my-project-work"]);
    await s.ok("destroy");
    expect((await agb.control.sessions()).filter((x) => LIVE.has(x.status))).toEqual([]);
    expect(await agb.control.contexts()).toEqual([]);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the README's YAML program", async () => {
  await upAndDestroy({ "Pulumi.yaml": `name: readme-yaml\n${snippet("yaml", "Pulumi.yaml")}` });
});

test("the README's Python program", async () => {
  const python = ensurePythonSdk();
  const project = "name: readme-python\nruntime: python\nplugins: { providers: [{ name: agb, path: ./node_modules/pulumi-agb/bin }] }\n";
  await upAndDestroy({ "Pulumi.yaml": project, "__main__.py": snippet("python", "__main__.py") }, { PULUMI_PYTHON_CMD: python });
});
