"use strict";
/**
 * One row of the benchmark table / JSON output. `met` is computed from the measured value and the
 * target, never set by hand; a benchmark that could not run is a row with `skipped` and met false.
 */

/**
 * @param {object} f
 * @param {number} f.id issue 6 benchmark number
 * @param {string} f.name
 * @param {number} f.value
 * @param {string} f.unit
 * @param {string} f.baseline what the value is compared with, measured in the same run
 * @param {{op: "<="|">=", limit: number}|null} f.target null = reported only
 * @param {string} [f.detail] absolute figures, for context only
 */
function figure({ id, name, value, unit, baseline, target, detail }) {
  let met = null;
  if (target) met = Number.isFinite(value) && (target.op === "<=" ? value <= target.limit : value >= target.limit);
  return {
    id,
    name,
    value: Number.isFinite(value) ? Number(value.toPrecision(4)) : null,
    unit,
    baseline,
    target: target ? `${target.op} ${target.limit}` : "reported",
    met,
    detail: detail ?? "",
  };
}

/** A figure that could not be measured: kept in the table with the reason (met: false). */
function skipped(id, name, unit, target, reason) {
  return {
    id,
    name,
    value: null,
    unit,
    baseline: "",
    target: target ? `${target.op} ${target.limit}` : "reported",
    met: false,
    skipped: true,
    detail: `SKIPPED: ${reason}`,
  };
}

module.exports = { figure, skipped };
