#!/usr/bin/env node
/**
 * The `agb-local` command: `agb-local [--port 8787] [--host 127.0.0.1] [--data DIR]
 * [--create-sync-ms N] [--upload-sync-ms N] [--release-ms N] [--clear-ms N] [--list-lag-ms N]
 * [--list-hides-pending] [--status-case C] [--quiet] [--allow-remote] [--max-account-storage-mb N]
 * [--max-in-flight-body-mb N]` plus the strictness flags (`--api-keys`, `--label-max-*`, `--images`,
 * `--strict-labels`; STRICTNESS_USAGE).
 * Prints exactly one line on stdout when ready; SIGINT/SIGTERM flush state and exit 0.
 */
import { startAgbLocal } from "./index";
import type { Timing } from "./models/timing";
import { parseStrictnessFlag, STRICTNESS_USAGE } from "./strictness-flags";
import type { Strictness } from "./models/strictness";
import type { LocalLimits } from "./app";

const TIMING_FLAGS: Record<string, keyof Timing> = {
  "--create-sync-ms": "createSyncMs",
  "--upload-sync-ms": "uploadSyncMs",
  "--release-ms": "releaseMs",
  "--clear-ms": "clearMs",
  "--list-lag-ms": "listLagMs",
};

function usage(message: string): never {
  process.stderr.write(
    `agb-local: ${message}\nusage: agb-local [--port 8787] [--host 127.0.0.1] [--data DIR] [--create-sync-ms N] [--upload-sync-ms N] [--release-ms N] [--clear-ms N] [--list-lag-ms N] [--list-hides-pending] [--status-case native|upper|pascal|lower] [--quiet] [--allow-remote] [--max-account-storage-mb N] [--max-in-flight-body-mb N]\n       ${STRICTNESS_USAGE}\n`,
  );
  process.exit(2);
}

function parseArgs(argv: string[]) {
  let port = 8787;
  let host = "127.0.0.1";
  let dataDir: string | undefined;
  let quiet = false;
  let allowRemote = false;
  const limits: LocalLimits = {};
  const timing: Record<string, number | string | boolean> = {};
  const strictness: Strictness = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const number = (): number => {
      const v = value();
      if (!/^\d+$/.test(v)) usage(`${flag} must be a non-negative integer, got ${JSON.stringify(v)}`);
      return Number(v);
    };
    if (flag === "--port") {
      port = number();
      if (port > 65535) usage("--port must be at most 65535");
    } else if (flag === "--host") host = value();
    else if (flag === "--data") dataDir = value();
    else if (flag === "--quiet") quiet = true;
    else if (flag === "--allow-remote") allowRemote = true;
    else if (flag === "--max-account-storage-mb") limits.accountStorageBytes = number() * 1024 * 1024;
    else if (flag === "--max-in-flight-body-mb") limits.inFlightBodyBytes = number() * 1024 * 1024;
    else if (flag === "--list-hides-pending") timing.listHidesPending = true;
    else if (flag in TIMING_FLAGS) timing[TIMING_FLAGS[flag]] = number();
    else if (flag === "--status-case")
      timing.statusCase = value(); // validated with the rest of the timing
    else if (parseStrictnessFlag(flag, value, number, strictness)) continue;
    else if (flag === "--help" || flag === "-h") usage("help");
    else usage(`unknown argument ${JSON.stringify(flag)}`);
  }
  return { port, host, dataDir, quiet, allowRemote, limits, timing: timing as Partial<Timing>, strictness };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const local = await startAgbLocal(options);
  const remote = local.url !== `http://${local.boundAddress}`;
  if (remote) {
    process.stderr.write(
      `agb-local: WARNING: bound to ${local.boundAddress}, not only loopback: other machines can reach it, and its control API has no authentication\n`,
    );
  }
  // The bound address is printed as it is; when it is all interfaces, the dialable URL follows.
  process.stdout.write(
    remote ? `agb-local listening on http://${local.boundAddress} (dial ${local.url})\n` : `agb-local listening on ${local.url}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => process.exit(1), 10_000);
    deadline.unref();
    local.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`agb-local: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`agb-local: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
