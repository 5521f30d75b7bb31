"use strict";
/**
 * agb-local in its own process (the `agb-local` CLI), so the server's CPU never competes with the
 * code under measurement inside the benchmark process's event loop.
 */
const path = require("node:path");
const { LocalControl } = require("../../../dist/local");
const { startServerChild } = require("./child");

const CLI = path.resolve(__dirname, "../../../dist/local/cli.js");

/** Starts agb-local on 127.0.0.1 with a free port; `timing` is applied (and re-applied after reset). */
async function startLocalProcess(timing = {}) {
  const server = await startServerChild(CLI, ["--port", "0", "--host", "127.0.0.1", "--quiet"]);
  const control = new LocalControl(server.url);
  if (Object.keys(timing).length) await control.setTiming(timing);
  return {
    url: server.url,
    pid: server.pid,
    control,
    /** Clears every account and counter, then restores `timing` (reset restores the start values). */
    async reset(extra = {}) {
      await control.reset();
      const t = { ...timing, ...extra };
      if (Object.keys(t).length) await control.setTiming(t);
    },
    close: () => server.close(),
  };
}

module.exports = { startLocalProcess };
