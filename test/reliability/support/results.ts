/**
 * Measured figures of the reliability suite. Each test file records its figures under its own
 * name in results/points/<name>.json; `writeSummary` merges every point file into
 * results/latest.json and prints the table, so the last file to finish prints the whole suite.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const RESULTS = join(__dirname, "..", "results");
const POINTS = join(RESULTS, "points");

export type Figures = Record<string, number | string | boolean>;

export interface PointResult {
  /** Issue point number(s), e.g. "10". */
  point: string;
  title: string;
  figures: Figures;
  finishedAt: string;
}

/** Merges `figures` into this point's file (several tests of one file may record). */
export function record(name: string, point: string, title: string, figures: Figures): void {
  mkdirSync(POINTS, { recursive: true });
  const file = join(POINTS, `${name}.json`);
  let previous: Figures = {};
  try {
    previous = (JSON.parse(readFileSync(file, "utf8")) as PointResult).figures;
  } catch {
    /* first record of this point */
  }
  const result: PointResult = { point, title, figures: { ...previous, ...figures }, finishedAt: new Date().toISOString() };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

/** Clears this point's previous figures at the start of its file, so stale numbers never survive. */
export function resetPoint(name: string): void {
  mkdirSync(POINTS, { recursive: true });
  writeFileSync(join(POINTS, `${name}.json`), JSON.stringify({ point: "", title: "", figures: {}, finishedAt: "" }));
}

function allPoints(): Record<string, PointResult> {
  const out: Record<string, PointResult> = {};
  let names: string[] = [];
  try {
    names = readdirSync(POINTS)
      .filter((n) => n.endsWith(".json"))
      .sort();
  } catch {
    return out;
  }
  for (const n of names) {
    try {
      const r = JSON.parse(readFileSync(join(POINTS, n), "utf8")) as PointResult;
      if (r.point) out[n.replace(/\.json$/, "")] = r;
    } catch {
      /* a half-written file from an interrupted run: skip */
    }
  }
  return out;
}

/** Writes results/latest.json and prints the summary table of every point recorded so far. */
export function writeSummary(): void {
  const points = allPoints();
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "latest.json"), `${JSON.stringify({ generatedAt: new Date().toISOString(), points }, null, 2)}\n`);
  const rows = Object.values(points).sort((a, b) => Number.parseInt(a.point, 10) - Number.parseInt(b.point, 10));
  const lines = ["", "Reliability suite: measured figures", "| point | test | figures |", "|---|---|---|"];
  for (const r of rows) {
    const figures = Object.entries(r.figures)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(", ");
    lines.push(`| ${r.point} | ${r.title} | ${figures} |`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
