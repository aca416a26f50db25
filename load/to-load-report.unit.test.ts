import { signalTitle } from '../reports/load-report.ts';
import { describe, expect, it } from 'vitest';
import type { LoadProfile } from './load-profile.ts';
import { stepResult } from './step-result-fixture.ts';
import { toLoadReport } from './to-load-report.ts';

const step = stepResult;

const profile: LoadProfile = {
  name: 'short',
  description: 'a test',
  kind: 'step-ramp',
  signals: ['logs', 'metrics'],
  protocols: ['http/protobuf'],
  rates: { logs: [1000, 4000], metrics: [500] },
  stepSeconds: 10,
  bisectSteps: 1,
  clients: 16,
  shape: {
    logs: { linesPerRequest: 100 },
    traces: { spansPerRequest: 100, spansPerTrace: 10 },
    metrics: { pointsPerRequest: 100, series: 1000, churnSeconds: 0 },
  },
  budgets: { p99Ms: { logs: 5000, metrics: 8000 }, memoryBytes: 2 ** 32 },
  maxDurationSeconds: 60,
};

describe('toLoadReport', () => {
  const report = toLoadReport({
    profile,
    runId: 'r1',
    startedAtMs: Date.parse('2026-11-21T07:00:00Z'),
    endedAtMs: Date.parse('2026-11-21T07:01:00Z'),
    ending: 'finished',
    cores: 2,
    pipeline: 'alloy',
    images: [],
    signals: [
      // Measured in the order of the search: the ramp broke at 4000 and the bisection at 2000.
      {
        signal: 'logs',
        protocol: 'http/protobuf',
        steps: [step('logs', 1000, []), step('logs', 4000, ['a']), step('logs', 2000, ['b'])],
        kneeEventsPerSecond: 1000,
      },
      {
        signal: 'metrics',
        protocol: 'http/protobuf',
        mixed: true,
        steps: [step('metrics', 500, [])],
        kneeEventsPerSecond: 500,
      },
    ],
    containerSamples: [{ atMs: 0, service: 'loki', cpuPercent: 50, memoryBytes: 2 ** 27 }],
    volumeSamples: [],
    findings: {
      broken: [],
      memoryTrend: { fromMs: 0, boundBytesPerHour: undefined, bytesPerHour: {} },
      spikes: [],
      storeCycles: {},
    },
  });

  it('states the profile as the report shows it: its shape in one line and its budgets', () => {
    expect(report.profile.shape).toBe(
      '16 clients over http/protobuf; logs: 100 lines per request; metrics: 100 points per request over 1,000 series, no churn',
    );
    expect(report.profile.budgets).toEqual({ p99Ms: { logs: 5000, metrics: 8000 }, memoryBytes: 2 ** 32 });
    expect(report.startedAt).toBe('2026-11-21T07:00:00.000Z');
    expect(report.durationMs).toBe(60_000);
  });

  it('takes the broken step with the lowest offered rate as the first broken, and series columns for metrics', () => {
    const [logs, metrics] = report.signals;
    expect(logs?.firstBroken?.step).toBe('logs-2000');
    expect(logs?.countsSeries).toBe(false);
    expect(metrics?.firstBroken).toBeUndefined();
    expect(metrics?.countsSeries).toBe(true);
  });

  it('titles each signal with its protocol, and a signal sent in a mix as such', () => {
    const [logs, metrics] = report.signals;
    expect(logs && signalTitle(logs)).toBe('logs over http/protobuf');
    expect(logs?.mixed).toBeUndefined();
    expect(metrics && signalTitle(metrics)).toBe('metrics over http/protobuf, in the mix');
  });
});
