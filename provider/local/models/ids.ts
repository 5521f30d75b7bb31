/** Identifier and secret generators (random, so ids never collide across restarts). */
import { randomFillSync, randomUUID } from "node:crypto";

// One pooled buffer of random bytes: a randomBytes() call per id would dominate cheap reads.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

export function hex(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return out;
}

export const newSessionId = (): string => `s-${hex(8)}`;
export const newContextId = (): string => `SdkCtx-${hex(8)}`;
export const newFileId = (): string => `file-${hex(8)}`;
export const newRequestId = (): string => randomUUID().toUpperCase();
