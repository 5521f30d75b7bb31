#!/usr/bin/env node
/**
 * node dist-engine/cli.js <preview|up|refresh|preview-refresh|destroy> [--cwd DIR] [--stack S]
 *   [--state-dir DIR] [--config key=value]... [--secret key=value]... [--parallel N] [--replace URN]...
 * Secret values may also come from the environment: --secret-env agb:apiKey=AGB_API_KEY.
 */
import { resolve } from "node:path";
import { runOperation } from "./run-operation";
import type { Operation } from "./run-operation";

const OPS = ["preview", "up", "refresh", "preview-refresh", "destroy"];

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: cli.js <${OPS.join("|")}> [--cwd DIR] [--stack S] [--state-dir DIR] [--config k=v] [--secret k=v] [--secret-env k=ENV] [--parallel N] [--replace URN]\n`,
  );
  process.exit(2);
}

function pair(s: string | undefined, flag: string): [string, string] {
  const i = s?.indexOf("=") ?? -1;
  if (!s || i <= 0) usage(`${flag} needs key=value`);
  return [s.slice(0, i), s.slice(i + 1)];
}

async function main(argv: string[]): Promise<number> {
  const op = argv[0] === "preview" && argv.includes("--refresh") ? "preview-refresh" : argv[0];
  if (!OPS.includes(op)) usage(`unknown operation ${argv[0] ?? "(none)"}`);
  let cwd = process.cwd();
  let stack = "dev";
  let stateDir: string | undefined;
  let parallel = 8;
  const config: Record<string, string> = {};
  const secretConfig: Record<string, string> = {};
  const replaceTargets: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--refresh") {
      // Only `preview --refresh` is implemented; `up --refresh` used to be ignored silently.
      if (op !== "preview-refresh")
        usage(`--refresh is supported with preview only: run refresh, then ${argv[0]}, or use the real pulumi CLI (npm run setup:pulumi)`);
      continue;
    }
    const v = argv[++i];
    if (a === "--cwd") cwd = resolve(v);
    else if (a === "--stack") stack = v;
    else if (a === "--state-dir") stateDir = resolve(v);
    else if (a === "--parallel") parallel = Number(v);
    else if (a === "--replace") replaceTargets.push(v);
    else if (a === "--config") {
      const [k, x] = pair(v, a);
      config[k] = x;
    } else if (a === "--secret") {
      const [k, x] = pair(v, a);
      secretConfig[k] = x;
    } else if (a === "--secret-env") {
      const [k, name] = pair(v, a);
      if (process.env[name] === undefined) usage(`--secret-env ${k}: environment variable ${name} is not set`);
      secretConfig[k] = process.env[name]!;
    } else usage(`unknown flag ${a}`);
  }
  if (!Number.isInteger(parallel) || parallel < 1) usage("--parallel must be a positive integer");
  const r = await runOperation({
    op: op as Operation,
    programDir: cwd,
    stack,
    stateDir,
    config,
    secretConfig,
    parallel,
    replaceTargets,
    echo: true,
  });
  return r.ok ? 0 : 1;
}

// Node's default for these signals ends the process without its 'exit' listeners, which end the
// program and the provider host (children.ts): exit through them instead.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  },
);
