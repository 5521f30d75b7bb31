"use strict";
/**
 * Load generator of benchmark 8, run as its own process so client overhead is identical for both
 * servers: `concurrency` keep-alive clients each send POST <path> back to back, bounded by a
 * request count and a duration. Prints one JSON line: { requests, errors, seconds, rps, p50, p99 }.
 */
const http = require("node:http");
const { percentile } = require("./stats");

const [url, pathName, bodyText, concurrencyText, durationText, maxText, apiKey] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const durationMs = Number(durationText);
const maxRequests = Number(maxText);
const target = new URL(url);
const body = Buffer.from(bodyText);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function once() {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: pathName,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${apiKey}` },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ok: res.statusCode === 200, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
      },
    );
    req.setTimeout(10000, () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ ok: false, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    req.end(body);
  });
}

async function main() {
  const latencies = [];
  let errors = 0;
  let sent = 0;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  async function worker() {
    while (Date.now() < deadline && sent < maxRequests) {
      sent++;
      const r = await once();
      if (r.ok) latencies.push(r.ms);
      else errors++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      errors,
      seconds,
      rps: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    }) + "\n",
  );
  agent.destroy();
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + "\n");
  process.exit(1);
});
