/**
 * Running a Pulumi program as the CLI's Node.js language host does (`@pulumi/pulumi/cmd/run`), and
 * making its directory runnable without a per-example `npm install`.
 */
import { spawn } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { endWithEngine } from "./children";

/** The repository root (dist-engine/ sits directly under it). */
export const REPO_ROOT = resolve(__dirname, "..");

export interface PackageCopy {
  /** The package's directory. */
  from: string;
  /** Top-level entries copied (default: package.json plus its "files"). */
  files?: string[];
}

export interface PrepareOptions {
  /** Provider packages copied into node_modules; default `pulumi-agb` (this repository's package.json and dist/). */
  packages?: Record<string, PackageCopy>;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

const MARKER = ".copied-by-test-engine";

/** Every file's path, size and mtime under `root`'s `entries`: changes whenever a build rewrites a file. */
function treeStamp(root: string, entries: string[]): string {
  const hash = createHash("sha1");
  const walk = (rel: string): void => {
    let st;
    try {
      st = lstatSync(join(root, rel));
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of readdirSync(join(root, rel)).sort()) walk(join(rel, e));
    else hash.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
  };
  for (const e of entries) walk(e);
  return hash.digest("hex");
}

/**
 * Copies a package unless the copy is current: `stamp` names the version (the SDK), or, when empty,
 * a stamp of the package's files is taken (provider packages change with every build; stat-ing
 * them costs a few ms where re-copying cost ~0.6 s per operation).
 */
function copyPackage(dest: string, copy: PackageCopy, stamp: string, skip?: (path: string) => boolean): void {
  const marker = join(dest, MARKER);
  if (exists(dest) && !exists(marker)) return; // a real npm install: leave it alone
  const pkg = JSON.parse(readFileSync(join(copy.from, "package.json"), "utf8")) as { files?: string[] };
  const files = copy.files ?? (pkg.files ? ["package.json", ...pkg.files] : readdirSync(copy.from).filter((f) => f !== "node_modules"));
  stamp ||= `files ${treeStamp(copy.from, files)}`;
  if (exists(marker) && readFileSync(marker, "utf8") === stamp) return;
  // Copy into a fresh folder, then swap, so a concurrent reader never sees half a package.
  const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  for (const f of files)
    if (exists(join(copy.from, f)))
      cpSync(join(copy.from, f), join(tmp, f), { recursive: true, dereference: false, filter: (src) => !skip?.(src) });
  writeFileSync(join(tmp, MARKER), stamp);
  if (exists(dest)) rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  renameSync(tmp, dest);
}

/**
 * Makes a program directory (inside this repository) runnable without `npm install`, laid out as
 * `npm install` would: real package directories in `<programDir>/node_modules`. Copies, not
 * symlinks: Node resolves symlinks to real paths, and Pulumi's closure serializer captures a
 * module as `require("<pkg>/<subpath>")` only when its real path lies under node_modules and the
 * SDK itself can resolve the package name; otherwise the provider module is serialized by value
 * (which breaks it). So @pulumi/pulumi (copied once per SDK version) and the provider packages
 * (re-copied whenever their files change) sit side by side; their own dependencies
 * resolve upwards to the repository's node_modules. A package installed by a real `npm install`
 * is left alone.
 *
 * The SDK is copied without its `*.js.map` files. Its maps name sources one folder up
 * (`"../resource.ts"`), so source-map-support (which cmd/run registers) turns a frame of
 * `@pulumi/pulumi/resource.js` into `node_modules/@pulumi/resource.ts`. When a program fails, cmd/run
 * formats the error with `util.inspect(err, { colors: true })`, and the colouring of node_modules
 * paths (`markNodeModules`) of Node 20.20 and 22.23 loops on a scoped path with no folder after the
 * scope, growing a string until RangeError: 40-55 s and 3.5-3.9 GB before the SDK falls back to an
 * uncoloured message (fixed in Node 24.19; README, "A failing up", `npm run time:failing-up`).
 * Registration failures no longer reach that code (the engine answers them UNAVAILABLE, as the real
 * engine does), but a program's own error still does. Without the maps the frames keep their real
 * `.js` paths and a failing program exits in about 2 s. A real `npm install` keeps the maps.
 */
export function prepareProgram(programDir: string, opts: PrepareOptions = {}): void {
  const nm = join(programDir, "node_modules");
  const sdk = join(REPO_ROOT, "node_modules", "@pulumi", "pulumi");
  const sdkVersion = (JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as { version: string }).version;
  copyPackage(join(nm, "@pulumi", "pulumi"), { from: sdk }, `@pulumi/pulumi@${sdkVersion} without source maps`, (src) =>
    src.endsWith(".js.map"),
  );
  for (const [name, copy] of Object.entries(opts.packages ?? { "pulumi-agb": { from: REPO_ROOT } })) {
    copyPackage(join(nm, ...name.split("/")), copy, "");
  }
}

/** Entries of a project directory that belong to a run, not to the project. */
const NOT_COPIED = new Set(["node_modules", ".engine-state"]);

/**
 * Copies a project into `dest` (a folder inside this repository, so that prepareProgram's
 * dependency resolution upwards still works) for tools that write into the project directory:
 * `pulumi stack init` saves the stack's secrets salt and `pulumi config set` its config in
 * `Pulumi.<stack>.yaml`, which must not change the checked-in examples. A stack file already in
 * `dest` is kept (it holds that salt and config); everything else is refreshed from `from`.
 */
export function copyProject(from: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (NOT_COPIED.has(entry)) continue;
    if (/^Pulumi\..+\.ya?ml$/.test(entry) && exists(join(dest, entry))) continue;
    cpSync(join(from, entry), join(dest, entry), { recursive: true });
  }
}

export interface ProgramRun {
  programDir: string;
  project: string;
  stack: string;
  monitor: string;
  preview: boolean;
  parallel: number;
  /** The file cmd/run loads, relative to programDir; default "." (the folder's package.json `main` or index). */
  entryPoint?: string;
  config: Record<string, string>;
  secretKeys: string[];
  env: NodeJS.ProcessEnv;
  onOutput: (line: string) => void;
}

/** Deadline for the whole program run. */
const PROGRAM_TIMEOUT_MS = 300000;

/** Resolves with the exit code (0 = success, 32 = the program already reported its error). */
export function runProgram(r: ProgramRun): Promise<number> {
  const script = require.resolve("@pulumi/pulumi/cmd/run", { paths: [r.programDir] });
  const args = [
    script,
    "--monitor",
    r.monitor,
    "--engine",
    r.monitor,
    "--project",
    r.project,
    "--stack",
    r.stack,
    "--organization",
    "organization",
    "--pwd",
    r.programDir,
    "--parallel",
    String(r.parallel),
  ];
  if (r.preview) args.push("--dry-run");
  args.push(r.entryPoint ?? ".");
  const child = spawn(process.execPath, args, {
    cwd: r.programDir,
    env: {
      ...r.env,
      PULUMI_CONFIG: JSON.stringify(r.config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(r.secretKeys),
      PULUMI_NODEJS_TYPESCRIPT: r.env.PULUMI_NODEJS_TYPESCRIPT ?? "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  endWithEngine(child);
  createInterface({ input: child.stdout! }).on("line", r.onOutput);
  createInterface({ input: child.stderr! }).on("line", r.onOutput);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`program did not finish within ${PROGRAM_TIMEOUT_MS} ms`));
    }, PROGRAM_TIMEOUT_MS);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}
