import type { StepReport } from './step-report.ts';

/**
 * A step for unit tests: every promise kept, every probe in at `p99Ms`, one second of sending at `rate`.
 * `overrides` sets what a test is about.
 */
export const stepReport = (
  rate: number,
  p99Ms: number,
  broken: string[],
  overrides: Partial<StepReport> = {},
): StepReport => ({
  step: String(rate),
  startedAtMs: 0,
  endedAtMs: 1,
  generator: {
    sentEvents: rate,
    acceptedEvents: rate,
    rejectedEvents: 0,
    failedEvents: 0,
    statuses: { 200: 1 },
    seriesWritten: 0,
    offeredEventsPerSecond: rate,
    achievedEventsPerSecond: rate,
    answeredRequestsPerSecond: rate / 100,
    workers: 2,
    cpuPercent: 12,
    elapsedMs: 1000,
  },
  probes: {
    sent: 10,
    received: 10,
    missing: 0,
    latency: { count: 10, p50Ms: p99Ms / 2, p95Ms: p99Ms, p99Ms, maxMs: p99Ms },
    slowest: { latencyMs: p99Ms, queryMs: p99Ms / 10 },
  },
  storedEvents: rate,
  storedSeries: undefined,
  activeSeries: undefined,
  sampledTraces: undefined,
  ingestionPerSecond: {},
  componentRejections: {},
  peakMemoryBytes: {},
  meanCpuPercent: {},
  broken,
  complaints: {},
  ...overrides,
});
