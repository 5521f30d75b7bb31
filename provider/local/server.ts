/** The node:http server: keep-alive, and a prefix split between control, file URLs and the AGB API. */
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "./app";
import { dispatchControl } from "./control/control-routes";
import { dispatchBlob } from "./routes/blob-routes";
import { dispatchApi } from "./routes/dispatch";
import { sendJson } from "./routes/http-util";

export function createAgbServer(app: App): Server {
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? "" : url.slice(q + 1);
    let work: Promise<void>;
    if (path.startsWith("/_local/")) work = dispatchControl(app, req, res, path);
    else if (path.startsWith("/_files/")) work = dispatchBlob(app, req, res, path.slice("/_files/".length));
    else work = dispatchApi(app, req, res, path, query);
    work.catch((err: unknown) => {
      // Last resort: never leave a request hanging.
      if (!res.headersSent) sendJson(res, 500, { success: false, code: "InternalError", message: String((err as Error)?.message ?? err) });
      else res.destroy();
    });
  });
  // Longer than typical client agents' idle timeouts, so the server rarely closes a socket a
  // client is about to reuse (which would surface as a spurious ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
