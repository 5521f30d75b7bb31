/**
 * The pre-signed URL targets: `PUT /_files/<token>` stores the body, `GET /_files/<token>` returns
 * it. Like an object store, no authorization header is needed: the token is the grant.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "../app";
import { LocalError } from "../models/errors";
import { QuotaExceeded, getFile, putFile } from "../models/files";
import { readBodyOrDrop, sendJson, sleep } from "./http-util";

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message });
}

export async function dispatchBlob(app: App, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const method = req.method ?? "GET";
  const raw = await readBodyOrDrop(req, app.bodyBudget);
  if (raw === undefined) return;
  const kind = method === "PUT" ? "upload" : method === "GET" ? "download" : undefined;
  if (!kind) {
    fail(res, 405, "MethodNotAllowed", `${method} is not supported on file URLs (PUT uploads, GET downloads)`);
    return;
  }
  // Faults named `FileUpload` / `FileDownload` (never `"*"`, which stays for the AGB API) act on the
  // object-store side, so clients' upload retries can be tested.
  const fault = app.faults.match(kind === "upload" ? "FileUpload" : "FileDownload", { wildcard: false });
  if (fault) {
    app.store.state.counters.faultsInjected++;
    if (fault.latencyMs > 0) await sleep(Math.random() * fault.latencyMs);
    if (fault.mode === "hold") await app.faults.hold(fault);
    if (fault.mode === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault.mode === "error") {
      fail(res, fault.httpStatus, fault.code, fault.message);
      return;
    }
  }
  try {
    const grant = app.tokens.redeem(app.store, token, kind);
    const acct = app.store.account(grant.keyHash);
    if (kind === "upload") {
      putFile(app.store, acct, grant.contextId, grant.filePath, raw, app.limits.accountStorageBytes);
      await app.persistence.commit();
      if (fault?.mode === "commit-then-drop") {
        req.socket.destroy(); // stored, but the answer is lost
        return;
      }
      res.writeHead(200, { "content-length": 0 });
      res.end();
    } else {
      const bytes = Buffer.from(getFile(acct, grant.contextId, grant.filePath).data, "base64");
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
      res.end(bytes);
    }
    app.log({
      method,
      path: "/_files/<token>",
      operation: `file-${kind}`,
      status: 200,
      apiKeyHash: grant.keyHash.slice(0, 12),
      requestId: "",
    });
  } catch (err) {
    if (err instanceof QuotaExceeded) fail(res, 403, "QuotaExceeded", err.message);
    else if (err instanceof LocalError) fail(res, 404, "NoSuchKey", err.message);
    else fail(res, 500, "InternalError", "internal error in agb-local");
  }
}
