import { describe, expect, it } from 'vitest';
import { increaseBetween } from './component-counters.ts';

describe('counter increases between two readings', () => {
  it('counts a series that appeared during the step from zero: its first events are real events', () => {
    expect(increaseBetween([], [{ labels: { reason: 'live_traces_exceeded' }, value: 2000 }])).toEqual([
      { labels: { reason: 'live_traces_exceeded' }, increase: 2000 },
    ]);
  });

  it('subtracts per label set and treats a drop as a reset', () => {
    const before = [
      { labels: { reason: 'rate_limited' }, value: 100 },
      { labels: { reason: 'too_far_behind' }, value: 50 },
    ];
    const after = [
      { labels: { reason: 'too_far_behind' }, value: 50 },
      { labels: { reason: 'rate_limited' }, value: 130 },
    ];
    expect(increaseBetween(before, after)).toEqual([
      { labels: { reason: 'too_far_behind' }, increase: 0 },
      { labels: { reason: 'rate_limited' }, increase: 30 },
    ]);
    expect(increaseBetween([{ labels: {}, value: 500 }], [{ labels: {}, value: 20 }])).toEqual([
      { labels: {}, increase: 20 },
    ]);
  });
});
