/**
 * Programmatic entry of agb-local (`pulumi-agb/local`): start the local AGB service in-process and
 * control it. See docs/agb-local.md.
 */
import { App } from "./app";
import { LocalControl } from "./control/client";
import { Store } from "./models/store";
import { parseTimingPatch } from "./models/timing";
import { parseStrictnessPatch } from "./models/strictness";
import type { Strictness } from "./models/strictness";
import type { Timing } from "./models/timing";
import { FileSnapshotPersistence, MemoryPersistence } from "./persistence";
import type { Persistence } from "./persistence";
import { closeServer, createAgbServer, listen } from "./server";

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
}

export interface AgbLocal {
  /** `http://<host>:<port>`, no trailing slash. */
  url: string;
  port: number;
  control: LocalControl;
  /** Flushes pending writes and closes the server and its connections. */
  close(): Promise<void>;
}

export async function startAgbLocal(options: AgbLocalOptions = {}): Promise<AgbLocal> {
  const host = options.host ?? "127.0.0.1";
  const timing = parseTimingPatch(options.timing ?? {});
  // The snapshot callback runs only on commit, after `store` exists.
  const persistence: Persistence = options.dataDir
    ? new FileSnapshotPersistence(options.dataDir, () => store.snapshot())
    : new MemoryPersistence();
  const store = new Store(timing, persistence.load());
  const app = new App(store, persistence, options.quiet ?? true, parseStrictnessPatch(options.strictness ?? {}));
  const server = createAgbServer(app);
  const port = await listen(server, options.port ?? 0, host);
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
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
