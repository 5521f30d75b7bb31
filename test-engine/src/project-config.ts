/**
 * Reads a Pulumi project (Pulumi.yaml) and its stack config (Pulumi.<stack>.yaml) and merges the
 * caller's config on top, producing what the CLI hands to the program: a map of namespaced keys
 * (`agb:endpoint`) to strings and the list of secret keys.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

const yaml = require("js-yaml") as { load(text: string): unknown };

export interface Project {
  name: string;
  /** Directory holding Pulumi.yaml. */
  dir: string;
  /** Directory the program runs in (Pulumi.yaml `main` when a folder, its folder when a file; default the project directory). */
  programDir: string;
  /** What the program runtime runs in programDir: "." (its package.json `main` or index) or the file `main` names. */
  entryPoint: string;
  /** Pulumi.yaml `config` (project-relative or namespaced keys to values or specs), as parsed. */
  config: Record<string, unknown>;
}

export interface ResolvedConfig {
  values: Record<string, string>;
  secretKeys: string[];
}

function readYaml(path: string): Record<string, unknown> {
  const doc = yaml.load(readFileSync(path, "utf8"));
  return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
}

export function loadProject(dir: string): Project {
  const file = join(dir, "Pulumi.yaml");
  if (!existsSync(file)) throw new Error(`no Pulumi.yaml in ${dir}`);
  const doc = readYaml(file);
  if (typeof doc.name !== "string" || !doc.name) throw new Error(`${file}: name is required`);
  if (doc.runtime !== "nodejs" && (doc.runtime as { name?: string })?.name !== "nodejs") {
    throw new Error(`${file}: runtime must be nodejs`);
  }
  const { programDir, entryPoint } = programLocation(file, resolve(dir), typeof doc.main === "string" ? doc.main : "");
  return { name: doc.name, dir: resolve(dir), programDir, entryPoint, config: (doc.config as Record<string, unknown>) ?? {} };
}

/**
 * Pulumi.yaml `main`, as the CLI reads it (pulumi/pulumi pkg/engine/project.go, getPwdMain): a
 * folder becomes the working directory with entry point "."; a file makes its folder the working
 * directory and its name the entry point; a path that cannot be read fails the run.
 */
function programLocation(file: string, root: string, main: string): { programDir: string; entryPoint: string } {
  if (!main) return { programDir: root, entryPoint: "." };
  const target = resolve(root, main);
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch (e) {
    throw new Error(`${file}: project 'main' could not be read: ${(e as Error).message}`);
  }
  return isDir ? { programDir: target, entryPoint: "." } : { programDir: dirname(target), entryPoint: basename(target) };
}

function namespaced(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function asConfigString(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * Precedence, lowest first: Pulumi.yaml `config` defaults, Pulumi.<stack>.yaml, caller config,
 * caller secret config. A `secure:` value in the stack file cannot be decrypted here: it must be
 * supplied by the caller as secret config, else the run fails naming the key.
 */
export function resolveConfig(
  project: Project,
  stack: string,
  callerConfig: Record<string, string> = {},
  callerSecrets: Record<string, string> = {},
): ResolvedConfig {
  const values: Record<string, string> = {};
  const secret = new Set<string>();
  const undecryptable: string[] = [];
  for (const [k, v] of Object.entries(project.config)) {
    const key = namespaced(project.name, k);
    if (v && typeof v === "object" && !Array.isArray(v) && ("default" in v || "value" in v || "type" in v)) {
      const spec = v as { default?: unknown; value?: unknown; secret?: boolean };
      const val = spec.value ?? spec.default;
      if (val !== undefined) values[key] = asConfigString(val);
      if (spec.secret) secret.add(key);
    } else {
      values[key] = asConfigString(v);
    }
  }
  const stackFile = join(project.dir, `Pulumi.${stack}.yaml`);
  if (existsSync(stackFile)) {
    const doc = readYaml(stackFile);
    for (const [k, v] of Object.entries((doc.config as Record<string, unknown>) ?? {})) {
      const key = namespaced(project.name, k);
      if (v && typeof v === "object" && "secure" in (v as object)) {
        undecryptable.push(key);
        secret.add(key);
        continue;
      }
      values[key] = asConfigString(v);
    }
  }
  for (const [k, v] of Object.entries(callerConfig)) values[namespaced(project.name, k)] = v;
  for (const [k, v] of Object.entries(callerSecrets)) {
    const key = namespaced(project.name, k);
    values[key] = v;
    secret.add(key);
  }
  const missing = undecryptable.filter((k) => !(k in values));
  if (missing.length) {
    throw new Error(
      `config ${missing.join(", ")}: "secure:" values in Pulumi.${stack}.yaml cannot be decrypted by the test engine; pass them as secret config`,
    );
  }
  return { values, secretKeys: [...secret].sort() };
}
