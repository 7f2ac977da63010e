import { describe, expect, it } from '@jest/globals';
import { coresUsed, percentile, ratio, summarize } from './stats.js';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
  });

  it('answers the only value of a one-element list and 0 for none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('summarize', () => {
  it('sorts the latencies and divides by the window', () => {
    const summary = summarize([30, 10, 20, 40], 0, 2);
    expect(summary).toEqual({ completed: 4, errors: 0, durationSeconds: 2, perSecond: 2, latencyMs: { p50: 20, p95: 40, p99: 40 } });
  });

  it('counts errors apart from completed operations', () => {
    expect(summarize([5], 3, 1)).toMatchObject({ completed: 1, errors: 3, perSecond: 1 });
  });
});

describe('ratio', () => {
  it('is ours over bare, to two places', () => {
    expect(ratio(900, 1000)).toBe(0.9);
    expect(ratio(1, 3)).toBe(0.33);
  });

  it('is undefined without a bare figure', () => {
    expect(ratio(5, undefined)).toBeUndefined();
    expect(ratio(5, 0)).toBeUndefined();
  });
});

describe('coresUsed', () => {
  it('is CPU seconds per wall second', () => {
    expect(coresUsed(1_500_000, 1)).toBe(1.5);
    expect(coresUsed(1, 0)).toBe(0);
  });
});
