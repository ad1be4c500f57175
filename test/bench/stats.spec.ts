import { formatRange, meetsGoal, median, num, pairedRatios, quantile, summarize } from '../../bench/stats';

describe('bench/stats', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5], 5],
    [[1, NaN, 3], 2],
    [[], NaN],
  ])('median of %j is %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('summarizes median, min, max and count, skipping missing rounds', () => {
    expect(summarize([0.5, NaN, 0.3, 0.4])).toEqual({ median: 0.4, min: 0.3, max: 0.5, n: 3 });
    expect(summarize([NaN])).toEqual({ median: NaN, min: NaN, max: NaN, n: 0 });
  });

  it('pairs ratios round by round and skips rounds where either side is missing or the divisor is not positive', () => {
    expect(pairedRatios([100, 200, 300, 50], [1000, NaN, 600, 0])).toEqual([0.1, 0.5]);
    expect(pairedRatios([1, 2, 3], [2, 4])).toEqual([0.5, 0.5]);
  });

  it.each([
    [{ median: 0.0481, min: 0.041, max: 0.0523, n: 3 }, '×', '0.0481× [0.041–0.0523]'],
    [{ median: 1834.4, min: 1700.2, max: 1900.9, n: 3 }, '', '1834 [1700–1901]'],
    [{ median: 5.8, min: 5.8, max: 5.8, n: 3 }, ' ms', '5.8 ms'],
    [{ median: 2, min: 2, max: 2, n: 1 }, ' s', '2 s'],
    [{ median: NaN, min: NaN, max: NaN, n: 0 }, '×', 'n/a'],
  ])('formats %j with unit %p as %p', (s, unit, expected) => {
    expect(formatRange(s, unit)).toBe(expected);
  });

  it('formats numbers: three significant digits below 100, integers from 100', () => {
    expect([num(0.123456), num(12.345), num(99.95), num(100.4), num(0), num(Infinity)]).toEqual(['0.123', '12.3', '100', '100', '0', 'n/a']);
  });

  it('judges the median against a goal', () => {
    const s = summarize([0.5, 0.7, 0.9]);
    expect(meetsGoal(s, { op: '>=', value: 0.6 })).toBe(true);
    expect(meetsGoal(s, { op: '>=', value: 0.8 })).toBe(false);
    expect(meetsGoal(s, { op: '<=', value: 0.7 })).toBe(true);
    expect(meetsGoal(s, { op: '<', value: 0.7 })).toBe(false);
    expect(meetsGoal(s, undefined)).toBeUndefined();
    expect(meetsGoal(summarize([]), { op: '<', value: 1 })).toBeUndefined();
  });

  it('takes nearest-rank quantiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(xs, 0.99)).toBe(99);
    expect(quantile(xs, 0.5)).toBe(50);
    expect(quantile(xs, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.99)).toBeNaN();
  });
});
