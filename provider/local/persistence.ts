/**
 * Persistence behind an interface: in memory by default; with a data dir, a JSON snapshot written
 * atomically (temp file + fsync + rename + directory fsync). Writes are group-committed: every
 * mutation calls `commit()` after changing the in-memory state and waits for a write that started
 * after its change, so an acknowledged mutation is always on disk and concurrent mutations share
 * one write. A SIGKILL at any moment leaves either the old or the new file, never a torn one.
 */
import { promises as fsp, readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { keyedFrom } from "./models/keyed";
import type { Snapshot } from "./models/types";

export interface Persistence {
  /** The stored state, if any. */
  load(): Snapshot | undefined;
  /** Resolves once the current in-memory state (including the caller's change) is durable. */
  commit(): Promise<void>;
  /** Waits for pending writes and stops. */
  close(): Promise<void>;
}

export class MemoryPersistence implements Persistence {
  load(): Snapshot | undefined {
    return undefined;
  }
  commit(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export const STATE_FILE = "agb-local-state.json";

export class FileSnapshotPersistence implements Persistence {
  private readonly file: string;
  private readonly temp: string;
  private waiting: Waiter[] = [];
  private writing: Promise<void> | undefined;

  /** `snapshot` is called at the start of each write and must return the current state. */
  constructor(
    private readonly dir: string,
    private readonly snapshot: () => Snapshot,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, STATE_FILE);
    this.temp = join(dir, `${STATE_FILE}.tmp`);
  }

  load(): Snapshot | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    const parsed = JSON.parse(text) as Snapshot;
    if (parsed.version !== 1) throw new Error(`${this.file}: unsupported state version ${String(parsed.version)}`);
    return reviveKeyed(parsed);
  }

  commit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.writing) this.writing = this.drain();
    });
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes while anyone waits; each batch is the set of waiters registered before its write began. */
  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          await this.write(JSON.stringify(this.snapshot()));
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async write(text: string): Promise<void> {
    const handle = await fsp.open(this.temp, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(this.temp, this.file);
    // fsync the directory so the rename itself survives a crash (best effort where unsupported).
    try {
      const dirHandle = await fsp.open(this.dir, "r");
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    } catch {
      /* some filesystems refuse directory fsync; the rename is still atomic */
    }
  }
}

/**
 * A loaded snapshot with every keyed collection rebuilt without a prototype (models/keyed.ts), so
 * state written by any version (or edited by hand) is looked up the same safe way.
 */
export function reviveKeyed(snapshot: Snapshot): Snapshot {
  const accounts = keyedFrom(snapshot.accounts);
  for (const hash of Object.keys(accounts)) {
    const acct = accounts[hash];
    acct.sessions = keyedFrom(acct.sessions);
    for (const id of Object.keys(acct.sessions)) acct.sessions[id].labels = keyedFrom(acct.sessions[id].labels);
    acct.contexts = keyedFrom(acct.contexts);
    for (const id of Object.keys(acct.contexts)) acct.contexts[id].files = keyedFrom(acct.contexts[id].files);
  }
  snapshot.counters.requests = keyedFrom(snapshot.counters.requests);
  return { ...snapshot, accounts };
}
