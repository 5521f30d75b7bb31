"use strict";
/**
 * Baseline of benchmark 8: a bare Node http server answering every request with one fixed JSON
 * body (a real agb-local getSession answer). Run as a child process; prints its URL.
 */
const http = require("node:http");

const body = Buffer.from(process.argv[2] ?? '{"success":true}');
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)) && server.closeAllConnections());
