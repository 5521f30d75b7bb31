/**
 * One HTTP request with every header under the test's control (fetch will not send a forged
 * `Host`): what a hostile client, a web page or a DNS-rebound name would send. Deadline included.
 */
import * as http from "node:http";

export interface RawReply {
  status: number;
  text: string;
}

/** Sends `body` (if any) with exactly `headers`; rejects on a transport error or after `timeoutMs`. */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  timeoutMs = 15_000,
): Promise<RawReply> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${url.search}`,
        headers,
        setHost: !("host" in headers),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
