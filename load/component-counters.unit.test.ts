import { describe, expect, it } from 'vitest';
import { increaseBetween, ingestionCounters, rejectionCounters } from './component-counters.ts';

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

describe('counters per pipeline', () => {
  it("reads the collector's remote-write exporter, not Alloy's remote storage, and names the pipeline", () => {
    const counters = { ...ingestionCounters('metrics', 'otelcol'), ...rejectionCounters('metrics', 'otelcol') };
    expect(Object.keys(counters)).toContain('otelcol remote_write sent');
    expect(Object.values(counters).join(' ')).not.toMatch(/prometheus_remote_storage/);
    expect(Object.keys(counters).some((name) => name.startsWith('alloy'))).toBe(false);
  });

  it("reads Alloy's remote storage for Alloy", () => {
    expect(ingestionCounters('metrics', 'alloy')['alloy remote_write sent']).toMatch(/prometheus_remote_storage/);
  });
});
