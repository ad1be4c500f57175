'use strict';
/**
 * Pure helpers of the benchmark (bench/bench.js): medians, ranges and ratios over rounds, and their text
 * form. Unit-tested in test/bench/stats.spec.ts.
 */

/** The median of finite numbers (the mean of the middle two for an even count); NaN when there are none. */
function median(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Median, min and max of the finite values; n counts them. */
function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/**
 * Per-round ratios a[i] / b[i] of two series measured in the same rounds (a ratio only pairs figures
 * taken side by side); rounds where either is missing or the divisor is not positive are skipped.
 */
function pairedRatios(a, b) {
  const out = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] > 0) out.push(a[i] / b[i]);
  }
  return out;
}

/** A number with a sensible precision: 3 significant digits below 100, integers above. */
function num(v) {
  if (!Number.isFinite(v)) return 'n/a';
  const abs = Math.abs(v);
  if (abs >= 100) return String(Math.round(v));
  if (abs === 0) return '0';
  return String(Number(v.toPrecision(3)));
}

/** `median [min–max]` of a summary, with a unit suffix (e.g. `×`, ` ms`); `n/a` when it has no values. */
function formatRange(s, unit = '') {
  if (!s || s.n === 0) return 'n/a';
  if (s.n === 1 || s.min === s.max) return `${num(s.median)}${unit}`;
  return `${num(s.median)}${unit} [${num(s.min)}–${num(s.max)}]`;
}

/** Whether a summary's median meets a goal: `{ op: '>=' | '<=' | '<', value }`. Undefined without a goal or a figure. */
function meetsGoal(s, goal) {
  if (!goal || !s || s.n === 0) return undefined;
  if (goal.op === '>=') return s.median >= goal.value;
  if (goal.op === '<=') return s.median <= goal.value;
  if (goal.op === '<') return s.median < goal.value;
  throw new Error(`unknown goal operator ${goal.op}`);
}

/** The value at quantile q (0..1) of a list of numbers, nearest-rank; NaN when empty. */
function quantile(values, q) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const rank = Math.min(xs.length, Math.max(1, Math.ceil(q * xs.length)));
  return xs[rank - 1];
}

module.exports = { median, summarize, pairedRatios, formatRange, meetsGoal, quantile, num };
