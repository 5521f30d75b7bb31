/**
 * Programmatic entry of agb-local (`pulumi-agb/local`): start the local AGB service in-process and
 * control it. See docs/agb-local.md.
 */
import type { AddressInfo } from "node:net";
import { App, DEFAULT_LIMITS } from "./app";
import { LocalControl } from "./control/client";
import { Store } from "./models/store";
import { parseTimingPatch } from "./models/timing";
import { parseStrictnessPatch } from "./models/strictness";
import type { Strictness } from "./models/strictness";
import type { Timing } from "./models/timing";
import { FileSnapshotPersistence, MemoryPersistence } from "./persistence";
import type { Persistence } from "./persistence";
import { closeServer, createAgbServer, listen } from "./server";
import type { LocalLimits } from "./app";
import { isLoopbackHost } from "./control/control-guard";

export { DEFAULT_LIMITS } from "./app";
export type { LocalLimits } from "./app";

/** Validates the limits (positive integers), naming the field. */
function parseLimits(limits: LocalLimits): LocalLimits {
  for (const [key, value] of Object.entries(limits)) {
    if (!(key in DEFAULT_LIMITS)) throw new RangeError(`limits.${key}: unknown field`);
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 1))
      throw new RangeError(`limits.${key}: must be an integer >= 1`);
  }
  return limits;
}

export { LocalControl } from "./control/client";
export type { LocalSession, LocalContext, ClockState } from "./control/client";
export type { FaultSpec, FaultMode, Fault } from "./faults";
export type { Timing } from "./models/timing";
export { DEFAULT_TIMING } from "./models/timing";
export type { Counters } from "./models/types";
export type { LogLine } from "./app";
export type { CapturedRequest } from "./capture";
export type { Strictness, LabelLimits } from "./models/strictness";
export { STRICT_LABEL_LIMITS } from "./models/strictness";

export interface AgbLocalOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to bind. Default "127.0.0.1". */
  host?: string;
  /** Directory for the durable JSON snapshot; undefined keeps state in memory only. Default undefined. */
  dataDir?: string;
  /** Overrides of the timing defaults (docs/agb-local.md, Timing). Default {}. */
  timing?: Partial<Timing>;
  /** When false, request log lines go to stderr. Default true. */
  quiet?: boolean;
  /** API-key set, label limits, image allow-list (docs/agb-local.md, Strictness). Default {} (permissive). */
  strictness?: Strictness;
  /** Memory limits: in-flight body bytes, per-account storage (docs/agb-local.md, Limits). Default {@link DEFAULT_LIMITS}. */
  limits?: LocalLimits;
  /**
   * Allows binding `host` to an address other than loopback (other machines can then reach the
   * API and the control API, which has no authentication). Default false: such a host is refused.
   */
  allowRemote?: boolean;
}

export interface AgbLocal {
  /** `http://<host>:<port>`, no trailing slash (`127.0.0.1` when bound to all interfaces, so it can be dialed). */
  url: string;
  /** The address and port the server is actually bound to, e.g. `0.0.0.0:8787`. */
  boundAddress: string;
  port: number;
  control: LocalControl;
  /** Flushes pending writes and closes the server and its connections. */
  close(): Promise<void>;
}

export async function startAgbLocal(options: AgbLocalOptions = {}): Promise<AgbLocal> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new Error(
      `host ${host} is not a loopback address: other machines could reach agb-local, whose control API has no authentication. ` +
        "Bind to 127.0.0.1 (the default), or pass allowRemote: true (CLI: --allow-remote) if that is what you want.",
    );
  }
  const timing = parseTimingPatch(options.timing ?? {});
  // The snapshot callback runs only on commit, after `store` exists.
  const persistence: Persistence = options.dataDir
    ? new FileSnapshotPersistence(options.dataDir, () => store.snapshot())
    : new MemoryPersistence();
  const store = new Store(timing, persistence.load());
  const app = new App(
    store,
    persistence,
    options.quiet ?? true,
    parseStrictnessPatch(options.strictness ?? {}),
    parseLimits(options.limits ?? {}),
  );
  app.boundHost = host;
  const server = createAgbServer(app);
  const port = await listen(server, options.port ?? 0, host);
  const address = server.address() as AddressInfo;
  const boundAddress = `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    boundAddress,
    control: new LocalControl(url),
    close: () => {
      closing ??= (async () => {
        await closeServer(server);
        await persistence.close();
      })();
      return closing;
    },
  };
}
