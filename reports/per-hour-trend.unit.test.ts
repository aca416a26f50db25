import { describe, expect, it } from 'vitest';
import { perHourTrend, robustPerHourTrend } from './per-hour-trend.ts';

const minute = 60_000;

describe('perHourTrend', () => {
  it('is the slope per hour through the samples', () => {
    // 1 MiB a minute for 30 minutes: 60 MiB an hour.
    const points = Array.from({ length: 31 }, (_, i) => ({ atMs: i * minute, value: i * 2 ** 20 }));
    expect(perHourTrend(points)).toBeCloseTo(60 * 2 ** 20);
  });

  it('takes one spike at the end for far less than the first-to-last difference would', () => {
    // Flat at 500 MB for an hour, then one sample at 1 GB: first-to-last would read 500 MB an hour.
    const points = Array.from({ length: 61 }, (_, i) => ({ atMs: i * minute, value: i === 60 ? 1e9 : 5e8 }));
    const trend = perHourTrend(points) ?? Number.NaN;
    expect(trend).toBeGreaterThan(0);
    expect(trend).toBeLessThan(0.1 * 5e8);
  });

  it('says nothing from one sample or under a minute of them', () => {
    expect(perHourTrend([{ atMs: 0, value: 1 }])).toBeUndefined();
    expect(
      perHourTrend([
        { atMs: 0, value: 1 },
        { atMs: 30_000, value: 2 },
      ]),
    ).toBeUndefined();
  });
});

describe('robustPerHourTrend', () => {
  const minute = 60_000;
  const line = Array.from({ length: 15 }, (_, i) => ({ atMs: i * minute, value: 200 + i }));

  it('is the slope of points on a line', () => {
    expect(robustPerHourTrend(line)).toBeCloseTo(60);
  });

  it('is not moved by a point far off the line, which moves the least-squares slope', () => {
    const excursion = line.map((p, i) => (i === 10 ? { ...p, value: p.value + 700 } : p));
    expect(robustPerHourTrend(excursion)).toBeCloseTo(60);
    expect(perHourTrend(excursion)).toBeCloseTo(510);
  });

  it('is undefined where the least-squares slope is', () => {
    expect(robustPerHourTrend([{ atMs: 0, value: 1 }])).toBeUndefined();
  });
});
