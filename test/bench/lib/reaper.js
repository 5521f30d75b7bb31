"use strict";
/**
 * Children started by the benchmarks, ended by their own pid when the run exits (also after a
 * suite hit its deadline), so no agb-local or provider host outlives `npm run bench`.
 */
const alive = new Set();

function track(child) {
  alive.add(child);
  child.once("exit", () => alive.delete(child));
  return child;
}

process.on("exit", () => {
  for (const child of alive) if (child.exitCode === null) child.kill("SIGKILL");
});

module.exports = { track };
