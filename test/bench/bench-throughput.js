"use strict";
/**
 * 8. agb-local getSession throughput with 32 concurrent keep-alive clients vs. a bare Node http
 * server answering a fixed JSON body (a real getSession answer, so the bytes on the wire match).
 * Servers and the load generator each run in their own process; the same load generator drives
 * both, alternating, so client overhead is identical.
 */
const path = require("node:path");
const { startLocalProcess } = require("./lib/agb-local-process");
const { runJsonChild, startServerChild } = require("./lib/child");
const { figure } = require("./lib/figure");
const { median, fmt } = require("./lib/stats");

const LOAD_GEN = path.join(__dirname, "lib/load-gen.js");
const BARE = path.join(__dirname, "lib/bare-server.js");
const API_KEY = "akm-bench-throughput";
const CONCURRENCY = 32;
const MAX_REQUESTS = 500000;

async function post(url, pathName, body) {
  const res = await fetch(url + pathName, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function run({ reps, quick }) {
  const durationMs = quick ? 800 : 2000;
  const local = await startLocalProcess();
  let bare;
  try {
    const created = JSON.parse((await post(local.url, "/mcp/createSession?imageId=agb-code-space-1", {})).text);
    const sessionId = created.data.sessionId;
    const body = JSON.stringify({ sessionId });
    const answer = await post(local.url, "/mcp/getSession", { sessionId });
    if (answer.status !== 200) throw new Error(`getSession answered ${answer.status}: ${answer.text}`);
    bare = await startServerChild(BARE, [answer.text]);
    const load = (url, ms) =>
      runJsonChild(LOAD_GEN, [url, "/mcp/getSession", body, String(CONCURRENCY), String(ms), String(MAX_REQUESTS), API_KEY], ms + 30000);
    await load(bare.url, 300); // warm-up (JIT, sockets) of both sides
    await load(local.url, 300);
    const b = [];
    const a = [];
    for (let i = 0; i < reps; i++) {
      // Alternate the order so drift in machine load hits both sides alike.
      if (i % 2 === 0) {
        b.push(await load(bare.url, durationMs));
        a.push(await load(local.url, durationMs));
      } else {
        a.push(await load(local.url, durationMs));
        b.push(await load(bare.url, durationMs));
      }
    }
    const errors = a.reduce((s, r) => s + r.errors, 0) + b.reduce((s, r) => s + r.errors, 0);
    const ratios = a.map((r, i) => r.rps / b[i].rps);
    const agbRps = median(a.map((r) => r.rps));
    const bareRps = median(b.map((r) => r.rps));
    const agbP99 = median(a.map((r) => r.p99));
    const bareP99 = median(b.map((r) => r.p99));
    return [
      figure({
        id: 8,
        name: "agb-local getSession throughput (32 clients) vs bare http",
        value: median(ratios),
        unit: "x bare",
        baseline: `bare http server ${fmt(bareRps)} req/s`,
        target: { op: ">=", limit: 0.5 },
        detail: `agb-local ${fmt(agbRps)} req/s, p50 ${fmt(median(a.map((r) => r.p50)))} ms, p99 ${fmt(agbP99)} ms; bare p99 ${fmt(bareP99)} ms; ${reps}x${durationMs} ms each; ${errors} errors`,
      }),
      figure({
        id: 8,
        name: "agb-local getSession p99 latency (32 clients)",
        value: agbP99,
        unit: "ms",
        baseline: `bare http p99 ${fmt(bareP99)} ms`,
        target: null,
        detail: `ratio ${fmt(agbP99 / bareP99)}x bare`,
      }),
    ];
  } finally {
    await bare?.close();
    await local.close();
  }
}

module.exports = { ids: [8], title: "agb-local throughput", run };
