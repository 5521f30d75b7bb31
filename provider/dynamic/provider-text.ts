/**
 * The `__provider` text stored (twice) per resource in state: a `require` of the installed package.
 *
 * Why not `pulumi.dynamic.Resource` with the module object: its serializer emits a `require` only when
 * the module's real path lies under a `node_modules` folder that `@pulumi/pulumi` itself can see. With
 * a symlinked or workspace package (`file:` dependency, `npm link`, this repository's examples) it
 * serializes the whole provider by value (kilobytes of code, changing on every upgrade), and in mixed
 * layouts it emits `pulumi-agb/dist/...`, which `exports` forbids. The host only needs
 * `require-from-string(text).handler()`, so the text is written here once, the same everywhere.
 *
 * `createRequire(<cwd>/)` rather than a bare `require`: the host's cwd is the program directory, so
 * this finds `node_modules/pulumi-agb` there (or above) and, when the program lives inside this
 * package (the repository's own Pulumi.yaml), resolves the package through its self-reference.
 */
function providerText(subpath: string): string {
  return `exports.handler = function () { return require("module").createRequire(process.cwd() + "/")("pulumi-agb/providers/${subpath}"); };\n`;
}

/** `__provider` of `agb.Session`. */
export const SESSION_PROVIDER_TEXT = providerText("session");
/** `__provider` of `agb.Context`. */
export const CONTEXT_PROVIDER_TEXT = providerText("context");
/** `__provider` of `agb.ContextFile`. */
export const CONTEXT_FILE_PROVIDER_TEXT = providerText("context-file");
/** `__provider` of `agb.BrowserExtension`. */
export const BROWSER_EXTENSION_PROVIDER_TEXT = providerText("browser-extension");

/** Type tokens, exactly what `pulumi.dynamic.Resource` registers for module `agb`. */
export const SESSION_TYPE = "pulumi-nodejs:dynamic/agb:Session";
export const CONTEXT_TYPE = "pulumi-nodejs:dynamic/agb:Context";
export const CONTEXT_FILE_TYPE = "pulumi-nodejs:dynamic/agb:ContextFile";
export const BROWSER_EXTENSION_TYPE = "pulumi-nodejs:dynamic/agb:BrowserExtension";
