"use strict";
/**
 * 9. Memory: RSS of the real provider host after it handled 1,000 Session resources (Check +
 * Create each, 16 at a time as the engine would) vs. its RSS after the first 10, in the same
 * process. Each repetition uses a fresh host and a reset agb-local.
 */
const { startLocalProcess } = require("./lib/agb-local-process");
const { startBenchHost, checkedInputs } = require("./lib/host-driver");
const { figure } = require("./lib/figure");
const { median, sleep, fmt } = require("./lib/stats");
const { API_KEY, SESSION_PROVIDER_TEXT } = require("./lib/provider-setup");

const PARALLEL = 16;

async function handle(host, from, to, tag) {
  let next = from;
  async function worker() {
    while (next < to) {
      const i = next++;
      const urn = `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/agb:Session::${tag}-${i}`;
      const inputs = await checkedInputs(host, urn, {
        imageId: "agb-code-space-1",
        labels: { team: "bench", idx: String(i) },
        __provider: SESSION_PROVIDER_TEXT,
        __project: "bench",
        __stack: "bench",
        __name: `${tag}-${i}`,
      });
      const created = await host.create(urn, { ...inputs, __provider: SESSION_PROVIDER_TEXT });
      if (!created.id) throw new Error(`create of ${urn} returned no id`);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function settledRss(host) {
  await sleep(300); // let pending sockets and timers of the last calls finish
  return host.rssBytes();
}

async function run({ reps, quick }) {
  const total = quick ? 300 : 1000;
  const local = await startLocalProcess({ createSyncMs: 0 });
  const small = [];
  const large = [];
  try {
    for (let r = 0; r < reps; r++) {
      await local.reset();
      const host = await startBenchHost();
      try {
        await host.configure({ "agb:apiKey": API_KEY, "agb:endpoint": local.url });
        await handle(host, 0, 10, `r${r}`);
        small.push(await settledRss(host));
        await handle(host, 10, total, `r${r}`);
        large.push(await settledRss(host));
      } finally {
        await host.close();
      }
    }
  } finally {
    await local.close();
  }
  const mb = (b) => b / 1024 / 1024;
  return [
    figure({
      id: 9,
      name: `provider host RSS after ${total} resources vs after 10`,
      value: median(large.map((l, i) => l / small[i])),
      unit: "x",
      baseline: `RSS after 10: ${fmt(mb(median(small)))} MB`,
      target: { op: "<=", limit: 2 },
      detail: `RSS after ${total}: ${fmt(mb(median(large)))} MB (check + create each, ${PARALLEL} in parallel; ${reps} fresh hosts)`,
    }),
  ];
}

module.exports = { ids: [9], title: "provider host memory", run };
