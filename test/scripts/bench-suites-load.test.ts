/**
 * Every benchmark suite of `npm run bench` loads against the built tree and names its figures: a
 * module moved by a refactor (the bench files require dist/ paths) fails here, in `npm test`,
 * instead of as a SKIPPED row in the next bench run.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "../engine/harness";

const BENCH = join(ROOT, "test", "bench");
const load = createRequire(join(BENCH, "run.js"));
const suites = readdirSync(BENCH).filter((f) => /^bench-.*\.js$/.test(f));

test("the bench folder has its suites", () => {
  expect(suites.length).toBeGreaterThanOrEqual(10);
});

test.each(suites)("%s loads and exports its figure ids and a run function", (file) => {
  const suite = load(join(BENCH, file)) as { ids?: unknown; run?: unknown };
  expect(typeof suite.run).toBe("function");
  expect(Array.isArray(suite.ids) && suite.ids.length > 0 && suite.ids.every((id) => Number.isInteger(id))).toBe(true);
});
