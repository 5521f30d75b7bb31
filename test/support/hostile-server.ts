/**
 * A hostile AGB service on loopback: a proxy in front of a real one (agb-local) that answers the
 * requests a test picks with an attack instead: the API key echoed in headers and text, terminal
 * escapes and forged log lines in error fields, bodies larger than any real answer or endless. It
 * counts the body bytes it managed to hand to each socket, so a test can tell whether the client
 * stopped reading. Every body it streams is bounded (`MAX_STREAMED_BYTES`), so a client without a
 * cap fails the test instead of exhausting the machine.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** What the attacked request is, as the proxy saw it. */
export interface SeenRequest {
  method: string;
  /** Path without the query, e.g. `/mcp/getSessionInfo` or `/sdk/GetContextInfo`. */
  path: string;
  query: URLSearchParams;
  body: string;
}

/** One attack: a whole answer, or a streamed body of `bytes` (endless when `chunked`). */
export type Attack =
  | { kind: "answer"; status?: number; headers?: Record<string, string>; body: string }
  | { kind: "stream"; bytes: number; chunked: boolean; status?: number; headers?: Record<string, string> };

/** Decides per request: an attack, or undefined to forward it untouched. */
export type Attacker = (req: SeenRequest) => Attack | undefined;

/** A streamed body never exceeds this (256 MiB), whatever the attack asks. */
export const MAX_STREAMED_BYTES = 256 * 1024 * 1024;

export interface HostileServer {
  url: string;
  /** Replaces the attacker (default: forward everything). */
  attack(attacker: Attacker | undefined): void;
  /** Body bytes accepted by sockets per streamed attack, in order. */
  streamed: number[];
  /** Requests answered with an attack so far. */
  attacks: number;
  close(): Promise<void>;
}

/** ESC, a screen clear, a forged green "created" line, CR/LF, and a 2,000-character tail. */
export function escapeText(label: string): string {
  return `${label}\u001b[2J\u001b[1;32m+ victim created\u001b[0m\r\nINFO forged log line\u0007\u009b31m${"A".repeat(2000)}`;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x41);

function stream(res: http.ServerResponse, total: number, onDone: (sent: number) => void): void {
  let sent = 0;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    onDone(sent);
  };
  const pump = (): void => {
    while (sent < total) {
      const piece = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
      sent += piece.length;
      if (!res.write(piece)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end(finish);
  };
  res.on("close", finish);
  pump();
}

/** Starts the proxy on 127.0.0.1 in front of `target` (e.g. agb-local's url). */
export async function startHostileServer(target: string): Promise<HostileServer> {
  let attacker: Attacker | undefined;
  const state = { streamed: [] as number[], attacks: 0 };
  const base = target.replace(/\/+$/, "");
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = Buffer.concat(chunks).toString("utf8");
      const attack = attacker?.({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, body });
      if (!attack) {
        void forward(base, req, body, res);
        return;
      }
      state.attacks++;
      if (attack.kind === "answer") {
        res.writeHead(attack.status ?? 200, { "content-type": "application/json", ...attack.headers });
        res.end(attack.body);
        return;
      }
      const bytes = Math.min(attack.bytes, MAX_STREAMED_BYTES);
      const headers: Record<string, string> = { "content-type": "application/json", ...attack.headers };
      if (!attack.chunked) headers["content-length"] = String(bytes);
      res.writeHead(attack.status ?? 200, headers);
      const index = state.streamed.push(0) - 1;
      stream(res, bytes, (sent) => {
        state.streamed[index] = sent;
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attack(a) {
      attacker = a;
    },
    get streamed() {
      return state.streamed;
    },
    get attacks() {
      return state.attacks;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function forward(base: string, req: http.IncomingMessage, body: string, res: http.ServerResponse): Promise<void> {
  try {
    const headers: Record<string, string> = {};
    for (const name of ["authorization", "content-type"]) {
      const v = req.headers[name];
      if (typeof v === "string") headers[name] = v;
    }
    const answer = await fetch(`${base}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      signal: AbortSignal.timeout(30_000),
    });
    const text = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection" && k !== "keep-alive" && k !== "content-encoding")
        out[k] = v;
    });
    res.writeHead(answer.status, out);
    res.end(text);
  } catch {
    res.destroy();
  }
}
