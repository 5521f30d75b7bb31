/**
 * The bytes of a context file: a local `source` file (streamed, never read into memory whole) or a
 * `content` string (UTF-8). Size and sha256 are measured here, for check and for the upload.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";

/**
 * Largest context file accepted: 512 MiB. Refused at check. (agb-local itself accepts request
 * bodies of up to 64 MiB; the AGB object store takes far more.)
 */
export const MAX_CONTEXT_FILE_BYTES = 512 * 1024 * 1024;

/** What is uploaded: its size, and a fresh stream of it per attempt. */
export interface FileBody {
  size: number;
  open(): Readable;
}

/** A `source` path resolved as the program sees it (the provider host runs in the program directory). */
export function resolveSource(source: string): string {
  return resolve(process.cwd(), source);
}

/** The body of a `content` string. */
export function contentBody(content: string): FileBody {
  const bytes = Buffer.from(content, "utf8");
  return { size: bytes.length, open: () => Readable.from([bytes]) };
}

/** Why a `source` cannot be uploaded, or its size. */
export async function sourceSize(source: string): Promise<{ size: number } | { problem: string }> {
  let info;
  try {
    info = await stat(resolveSource(source));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code === "ENOENT" ? `no such file: ${source}` : `cannot read ${source} (${code ?? "error"})` };
  }
  if (!info.isFile()) return { problem: `${source} is not a regular file` };
  if (info.size > MAX_CONTEXT_FILE_BYTES)
    return { problem: `${source} has ${info.size} bytes; the limit is ${MAX_CONTEXT_FILE_BYTES} (512 MiB)` };
  return { size: info.size };
}

/** The body of a local file, streamed from disk on every attempt. */
export function sourceBody(source: string, size: number): FileBody {
  const path = resolveSource(source);
  return { size, open: () => createReadStream(path) };
}

/** sha256 (hex) and byte count of a body, read as a stream. */
export async function measure(body: FileBody): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of body.open()) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { sha256: hash.digest("hex"), size };
}
