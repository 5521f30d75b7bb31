"use strict";
/**
 * A loopback HTTP proxy in front of agb-local (run as a child process) that counts what agb-local
 * cannot: the most AGB API calls in flight at once, and 429 answers. `GET /_proxy/stats` answers
 * `{ total, maxInFlight, status429 }`; `POST /_proxy/reset` zeroes them. Prints its URL.
 */
const http = require("node:http");

const target = new URL(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let inFlight = 0;
let maxInFlight = 0;
let total = 0;
let status429 = 0;

const server = http.createServer((req, res) => {
  if (req.url === "/_proxy/stats") return res.end(JSON.stringify({ total, maxInFlight, status429 }));
  if (req.url === "/_proxy/reset") {
    total = maxInFlight = status429 = 0;
    return res.end("{}");
  }
  const counted = !req.url.startsWith("/_local/");
  if (counted) {
    total++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
  }
  let done = false;
  const finish = () => {
    if (counted && !done) inFlight--;
    done = true;
  };
  const up = http.request(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
    (ur) => {
      if (ur.statusCode === 429 && counted) status429++;
      res.writeHead(ur.statusCode, ur.headers);
      ur.pipe(res);
      ur.on("end", finish);
    },
  );
  up.setTimeout(60000, () => up.destroy(new Error("upstream timeout")));
  up.on("error", () => {
    finish();
    res.destroy();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 65000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
