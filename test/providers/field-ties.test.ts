/**
 * The compile-time ties between the places a resource names its fields (provider/resources/shared/
 * field-agreement.ts): the package as it is compiles, and a field added in one place only does not.
 * Each case compiles the real sources with one file changed in memory.
 */
import * as path from "node:path";
import * as fs from "node:fs";
import ts from "typescript";

const root = path.resolve(__dirname, "../..");
const config = ts.getParsedCommandLineOfConfigFile(
  path.join(root, "tsconfig.json"),
  { noEmit: true },
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
)!;
let previous: ts.Program | undefined;

/** Error messages of the package compiled with `file`'s text `from` replaced by `to` (nothing replaced when omitted). */
function errorsWith(file?: string, from?: string, to?: string): string[] {
  const host = ts.createCompilerHost(config.options);
  const target = file && path.join(root, file);
  if (target) expect(fs.readFileSync(target, "utf8")).toContain(from);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (target && path.resolve(name) === target ? readFile(name)!.replace(from!, to!) : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => {
    if (target && path.resolve(name) === target) return ts.createSourceFile(name, host.readFile(name)!, lang);
    return getSourceFile(name, lang);
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, oldProgram: previous });
  previous = program;
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

jest.setTimeout(240_000);

/**
 * Set by .ci/run on its second and third `npm test` legs: what the compiler says of the sources does
 * not change with the Node version, and these cases compile the package 11 times, so CI runs them
 * on its first leg only. Unset (a developer's `npm test`), they run.
 */
const SKIP_ENV = "AGB_FIELD_TIES_RAN";
const skipped = process.env[SKIP_ENV] !== undefined && process.env[SKIP_ENV] !== "";
const tiesTest = skipped ? test.skip : test;
if (skipped) console.log(`field-ties: skipped, ${SKIP_ENV} is set (CI ran these compile checks on its first npm test leg)`);

tiesTest("the package compiles as it is", () => {
  expect(errorsWith()).toEqual([]);
});

tiesTest.each([
  [
    "a Session arg the schema lacks",
    "provider/resources/session/args.ts",
    "  adoptSessionId?: pulumi.Input<string>;\n}",
    "  adoptSessionId?: pulumi.Input<string>;\n  extra?: pulumi.Input<string>;\n}",
    "fields.ts",
  ],
  [
    "a nested sync-policy field only in the schema",
    "provider/resources/session/schema.ts",
    "const deletePolicy = z.strictObject({ syncLocalFile: bool(true) });",
    "const deletePolicy = z.strictObject({ syncLocalFile: bool(true), extra: bool(true) });",
    "fields.ts",
  ],
  [
    "a Session arg of a type the schema refuses",
    "provider/resources/session/args.ts",
    "  idleTimeoutSeconds?: pulumi.Input<number>;",
    "  idleTimeoutSeconds?: pulumi.Input<string>;",
    "fields.ts",
  ],
  [
    "a Session output written and not listed",
    "provider/resources/session/state.ts",
    "    ready: facts.ready,\n  };",
    "    ready: facts.ready,\n    linkUrl: d.resourceUrl,\n  };",
    "state.ts",
  ],
  [
    "a Session output declared on the class only",
    "provider/dynamic/session.ts",
    "  declare readonly adoptSessionId",
    "  declare readonly linkUrl: pulumi.Output<string>;\n  declare readonly adoptSessionId",
    "session.ts",
  ],
  [
    "a replacement rule naming no field",
    "provider/resources/session/state.ts",
    'replaceOnChange: ["imageId"',
    'replaceOnChange: ["imageID"',
    "state.ts",
  ],
  [
    "a Context arg the schema lacks",
    "provider/dynamic/context.ts",
    "  forceDestroy?: pulumi.Input<boolean>;\n}",
    "  forceDestroy?: pulumi.Input<boolean>;\n  extra?: pulumi.Input<string>;\n}",
    "dynamic/context.ts",
  ],
  [
    "a Context output written and not declared",
    "provider/resources/context/index.ts",
    "    createTime: info.createTime,\n    endpoint,\n  };",
    "    createTime: info.createTime,\n    endpoint,\n    lastUsedTime: info.lastUsedTime,\n  };",
    "context/index.ts",
  ],
  [
    "a ContextFile arg the schema lacks",
    "provider/dynamic/context-file.ts",
    "  adoptExisting?: pulumi.Input<boolean>;\n}",
    "  adoptExisting?: pulumi.Input<boolean>;\n  mode?: pulumi.Input<string>;\n}",
    "dynamic/context-file.ts",
  ],
  [
    "a provider module without delete",
    "provider/providers/context.ts",
    "update, deleteContext as delete }",
    "update }",
    "provider-modules.ts",
  ],
])("%s does not compile", (_what, file, from, to, where) => {
  const errors = errorsWith(file, from, to);
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.some((e) => e.split(":")[0].endsWith(`/${where}`))).toBe(true);
});
