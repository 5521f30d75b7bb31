/**
 * One agb-local, one program folder and (by default) one configured provider host per test file:
 * the set-up shared by the files that drive the real dynamic-provider host. Nothing is reset between
 * tests (files that need a clean service reset it themselves), as the tests build on one another.
 */
import type { AgbLocal } from "../../dist/local";
import { HostDriver, makeProgramDir } from "../../dist-engine/host-driver";
import { API_KEY, startConfiguredHost, startLocal } from "./handler-helpers";

export interface HostAndLocalOptions {
  /** The API key the hosts are configured with; default {@link API_KEY}. */
  apiKey?: string;
  /** Stack config beyond the key and endpoint, given to every host; default none. */
  config?: Record<string, string>;
  /** Starts the file's agb-local; default {@link startLocal} (fast timings). */
  startLocal?: () => Promise<AgbLocal>;
  /** Whether one host is started before the first test (false: the file calls `startHost`); default true. */
  hostBeforeAll?: boolean;
}

/** What a test file sees of its fixture (valid inside tests and hooks, after the fixture's beforeAll). */
export interface HostAndLocal {
  readonly local: AgbLocal;
  readonly program: { readonly dir: string };
  /** The host started before the first test (throws with `hostBeforeAll: false`). */
  readonly host: HostDriver;
  /**
   * Starts one more host in the program folder, configured like the first unless `apiKey` or
   * `config` (added to the file's config) say otherwise; closed after the last test at the latest.
   */
  startHost(o?: { apiKey?: string; config?: Record<string, string> }): Promise<HostDriver>;
}

/**
 * Registers a beforeAll that starts agb-local, makes a program folder and starts the host, and an
 * afterAll that closes the hosts, removes the folder and closes agb-local. Call at the top of the
 * file; the file's own beforeAll hooks run after this one, so they can use the host.
 */
export function useHostAndLocal(o: HostAndLocalOptions = {}): HostAndLocal {
  let local: AgbLocal | undefined;
  let program: ReturnType<typeof makeProgramDir> | undefined;
  let host: HostDriver | undefined;
  const hosts: HostDriver[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (used outside a test or hook)`);
    return value;
  };
  const startHost = async (extra: { apiKey?: string; config?: Record<string, string> } = {}): Promise<HostDriver> => {
    const config = { ...o.config, ...extra.config };
    const h = await startConfiguredHost(
      started(program, "the program folder").dir,
      started(local, "agb-local").url,
      extra.apiKey ?? o.apiKey ?? API_KEY,
      config,
    );
    hosts.push(h);
    return h;
  };
  beforeAll(async () => {
    local = await (o.startLocal ?? startLocal)();
    program = makeProgramDir();
    if (o.hostBeforeAll ?? true) host = await startHost();
  });
  afterAll(async () => {
    // Closing a host a test already closed is harmless (HostDriver.close returns once the process is gone).
    for (const h of hosts) await h.close();
    program?.remove();
    await local?.close();
  });
  return {
    get local() {
      return started(local, "agb-local");
    },
    get program() {
      return started(program, "the program folder");
    },
    get host() {
      return started(host, "the provider host");
    },
    startHost,
  };
}
