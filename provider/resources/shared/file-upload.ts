/**
 * PUT of a file body to a pre-signed context-file URL (docs/agb-protocol.md §13: a plain PUT, no
 * authorization header; the SDK's own upload does the same with a 120 s timeout). The body is
 * streamed, hashed on the way (the recorded hash is that of the bytes really sent, even if the
 * file changed since check) and cut off past the size limit. The URL carries a grant: it is never
 * put into an error message.
 */
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FileBody } from "./file-body";
import { MAX_CONTEXT_FILE_BYTES } from "./file-body";

/** A failed PUT; `retryable` for a dropped connection, a timeout or a 5xx. */
export class FileUploadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "FileUploadError";
  }
}

const LOCAL_FILE_ERRORS = new Set(["ENOENT", "EACCES", "EISDIR", "EPERM"]);

/** Deadline of one PUT: 120 s (as the SDK) plus one second per MiB, so large files get time to stream. */
export function uploadDeadlineMs(size: number): number {
  return 120_000 + Math.ceil(size / (1024 * 1024)) * 1000;
}

/** Streams the body to the URL; resolves with the sha256 and size of what was sent. */
export async function putToUrl(url: string, body: FileBody): Promise<{ sha256: string; size: number }> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  const hash = createHash("sha256");
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      if (sent > MAX_CONTEXT_FILE_BYTES || sent > body.size) {
        done(new FileUploadError(`the file grew past ${body.size} bytes while being uploaded; run again`, false));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const deadlineMs = uploadDeadlineMs(body.size);
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: "PUT",
      headers: { "content-length": String(body.size), "content-type": "application/octet-stream" },
    });
    const timer = setTimeout(
      () => req.destroy(new FileUploadError(`no answer within ${Math.round(deadlineMs / 1000)} s`, true)),
      deadlineMs,
    );
    req.on("response", (res) => {
      res.resume(); // the answer's body is not needed; drain it so the socket is freed
      res.on("end", () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          if (sent !== body.size)
            reject(new FileUploadError(`sent ${sent} of ${body.size} bytes (the file shrank while being uploaded); run again`, false));
          else resolve({ sha256: hash.digest("hex"), size: sent });
        } else {
          // 5xx and 429 are retried as the SDK's extension upload does; 403/404 mean an expired or
          // refused URL, retried with a fresh one.
          reject(
            new FileUploadError(
              `the file URL answered HTTP ${status}`,
              status >= 500 || status === 429 || status === 403 || status === 404,
            ),
          );
        }
      });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(
        err instanceof FileUploadError
          ? err
          : new FileUploadError(`connection failed (${(err as NodeJS.ErrnoException).code ?? err.message})`, true),
      );
    });
    pipeline(body.open(), counter, req).catch((err) => {
      clearTimeout(timer);
      req.destroy();
      if (err instanceof FileUploadError) return reject(err);
      const code = (err as NodeJS.ErrnoException).code;
      // A local file that vanished or became unreadable will not come back by retrying; a socket error may.
      reject(
        new FileUploadError(`reading or sending the file failed (${code ?? (err as Error).message})`, !LOCAL_FILE_ERRORS.has(code ?? "")),
      );
    });
  });
}
