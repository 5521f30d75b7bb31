/**
 * The JSON state file of one stack (`<stateDir>/<stack>.json`). Secrets never appear in plain text:
 * on disk a secret is `{"<sig>": "<secret sig>", "ciphertext": "..."}`, AES-256-GCM encrypted with a
 * per-stack key kept beside it in `<stack>.key` (like the CLI's passphrase secrets manager, whose key
 * is also outside the state).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PropertyMap, Value } from "./values";
import { isSecret, SECRET_SIG, SPECIAL_SIG } from "./values";

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  /** true for provider-managed resources, false for components and the stack. */
  custom: boolean;
  id: string;
  parent: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  /** URNs this resource depends on (from the program's dependencies and property dependencies). */
  dependencies: string[];
  additionalSecretOutputs: string[];
  /** Set when create/update failed after the object existed (ErrorResourceInitFailed). */
  initErrors?: string[];
  /** An old copy kept after a create-before-delete replacement, deleted at the end of the run. */
  pendingDelete?: boolean;
  /** Read with `static get`: never created, updated or deleted by the engine. */
  external?: boolean;
}

export interface StackState {
  version: 1;
  project: string;
  stack: string;
  resources: ResourceState[];
  outputs: PropertyMap;
}

export function emptyState(project: string, stack: string): StackState {
  return { version: 1, project, stack, resources: [], outputs: {} };
}

export class StateStore {
  private readonly key: Buffer;
  readonly path: string;

  constructor(stateDir: string, stack: string) {
    mkdirSync(stateDir, { recursive: true });
    this.path = join(stateDir, `${stack}.json`);
    const keyPath = join(stateDir, `${stack}.key`);
    if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32).toString("hex"), { mode: 0o600 });
    this.key = Buffer.from(readFileSync(keyPath, "utf8").trim(), "hex");
  }

  load(project: string, stack: string): StackState {
    if (!existsSync(this.path)) return emptyState(project, stack);
    const raw = JSON.parse(readFileSync(this.path, "utf8")) as StackState;
    return this.mapSecrets(raw, (v) => this.decrypt(v)) as StackState;
  }

  /** Writes atomically (temp file + rename) so a crash never leaves half a state file. */
  save(state: StackState): void {
    const onDisk = this.mapSecrets(state, (v) => this.encrypt(v));
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(onDisk, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  private mapSecrets(v: unknown, f: (secret: Record<string, unknown>) => unknown): unknown {
    if (isSecret(v) || (v && typeof v === "object" && (v as Record<string, unknown>)[SPECIAL_SIG] === SECRET_SIG)) {
      return f(v as Record<string, unknown>);
    }
    if (Array.isArray(v)) return v.map((x) => this.mapSecrets(x, f));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.mapSecrets(x, f);
      return out;
    }
    return v;
  }

  private encrypt(secret: Record<string, unknown>): unknown {
    if ("ciphertext" in secret) return secret;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(secret.value ?? null), "utf8"), cipher.final()]);
    const ciphertext = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    return { [SPECIAL_SIG]: SECRET_SIG, ciphertext };
  }

  private decrypt(secret: Record<string, unknown>): unknown {
    if (!("ciphertext" in secret)) return secret;
    const buf = Buffer.from(String(secret.ciphertext), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, buf.subarray(0, 12));
    decipher.setAuthTag(buf.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
    return { [SPECIAL_SIG]: SECRET_SIG, value: JSON.parse(plain) as Value };
  }
}
