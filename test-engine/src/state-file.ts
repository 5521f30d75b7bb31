/**
 * The JSON state file of one stack (`<stateDir>/<stack>.json`). Secrets never appear in plain text:
 * on disk a secret is `{"<sig>": "<secret sig>", "ciphertext": "..."}`, AES-256-GCM encrypted with a
 * per-stack key kept beside it in `<stack>.key` (like the CLI's passphrase secrets manager, whose key
 * is also outside the state).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { rename as renameAsync, writeFile as writeFileAsync } from "node:fs/promises";
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

function emptyState(project: string, stack: string): StackState {
  return { version: 1, project, stack, resources: [], outputs: {} };
}

/**
 * Reads and writes one stack's state file. Writing is built for many small writes per operation:
 * each secret is encrypted once (ciphertext cached by resource, property path and plaintext, and
 * seeded from the file on load, so unchanged secrets keep their ciphertext) and each resource's
 * serialized text is cached by object, so a write costs a string join, not a re-encryption and
 * re-serialization of the whole stack. That relies on resource state objects never being mutated
 * once handed to the store: the engine replaces them instead.
 */
export class StateStore {
  private readonly key: Buffer;
  readonly path: string;
  private readonly ciphertexts = new Map<string, { plain: string; cipher: Record<string, unknown> }>();
  private readonly pieces = new WeakMap<ResourceState, string>();

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
    const outputs = this.mapSecrets(raw.outputs, "outputs", (v, at) => this.decrypt(v, at)) as PropertyMap;
    const resources = (raw.resources ?? []).map((r) => this.mapSecrets(r, this.scope(r), (v, at) => this.decrypt(v, at)) as ResourceState);
    return { ...raw, resources, outputs };
  }

  /** Writes synchronously and atomically (temp file + rename): a crash never leaves half a state file. */
  save(state: StackState): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, this.serialize(state), { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  /** The same, without blocking the event loop on the disk (see StateWriter). */
  async saveAsync(state: StackState): Promise<void> {
    const tmp = `${this.path}.tmp`;
    await writeFileAsync(tmp, this.serialize(state), { mode: 0o600 });
    await renameAsync(tmp, this.path);
  }

  /** The file text: pretty-printed JSON, assembled from cached per-resource pieces. */
  serialize(state: StackState): string {
    const pieces = state.resources.map((r) => {
      let piece = this.pieces.get(r);
      if (piece === undefined) {
        const onDisk = this.mapSecrets(r, this.scope(r), (v, at) => this.encrypt(v, at));
        piece = "    " + JSON.stringify(onDisk, null, 2).replace(/\n/g, "\n    ");
        this.pieces.set(r, piece);
      }
      return piece;
    });
    const outputs = JSON.stringify(
      this.mapSecrets(state.outputs, "outputs", (v, at) => this.encrypt(v, at)),
      null,
      2,
    ).replace(/\n/g, "\n  ");
    const head = JSON.stringify({ version: state.version, project: state.project, stack: state.stack }, null, 2).slice(0, -2);
    const resources = pieces.length ? `[\n${pieces.join(",\n")}\n  ]` : "[]";
    return `${head},\n  "resources": ${resources},\n  "outputs": ${outputs}\n}\n`;
  }

  /** The cache scope of a resource's secrets: its URN, and whether it is a replaced copy. */
  private scope(r: ResourceState): string {
    return `${r.urn}${r.pendingDelete ? "#old" : ""}`;
  }

  private mapSecrets(v: unknown, at: string, f: (secret: Record<string, unknown>, at: string) => unknown): unknown {
    if (isSecret(v) || (v && typeof v === "object" && (v as Record<string, unknown>)[SPECIAL_SIG] === SECRET_SIG)) {
      return f(v as Record<string, unknown>, at);
    }
    if (Array.isArray(v)) return v.map((x, i) => this.mapSecrets(x, `${at}[${i}]`, f));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.mapSecrets(x, `${at}.${k}`, f);
      return out;
    }
    return v;
  }

  private encrypt(secret: Record<string, unknown>, at: string): unknown {
    if ("ciphertext" in secret) return secret;
    const plain = JSON.stringify(secret.value ?? null);
    const cached = this.ciphertexts.get(at);
    if (cached && cached.plain === plain) return cached.cipher;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const ciphertext = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    const onDisk = { [SPECIAL_SIG]: SECRET_SIG, ciphertext };
    this.ciphertexts.set(at, { plain, cipher: onDisk });
    return onDisk;
  }

  private decrypt(secret: Record<string, unknown>, at: string): unknown {
    if (!("ciphertext" in secret)) return secret;
    const buf = Buffer.from(String(secret.ciphertext), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, buf.subarray(0, 12));
    decipher.setAuthTag(buf.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
    this.ciphertexts.set(at, { plain, cipher: { [SPECIAL_SIG]: SECRET_SIG, ciphertext: secret.ciphertext } });
    return { [SPECIAL_SIG]: SECRET_SIG, value: JSON.parse(plain) as Value };
  }
}
