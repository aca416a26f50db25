import type { LoadSignal } from './load-profile.ts';
import type { StepResult } from './load-step.ts';

/**
 * A step result for unit tests: every promise kept, every probe in at 2 ms, one second of sending at `rate`.
 * `overrides` sets what a test is about.
 */
export const stepResult = (
  signal: LoadSignal,
  rate: number,
  broken: string[],
  overrides: Partial<StepResult> = {},
): StepResult => ({
  signal,
  step: `${signal}-${rate}`,
  startedAtMs: 0,
  endedAtMs: 1,
  generator: {
    sentEvents: rate,
    acceptedEvents: rate,
    rejectedEvents: 0,
    failedEvents: 0,
    statuses: { 200: 1 },
    seriesWritten: 0,
    sendingCpuMs: 0,
    sampledRequests: [],
    offeredEventsPerSecond: rate,
    achievedEventsPerSecond: rate,
    answeredRequestsPerSecond: rate / 100,
    workers: 2,
    cpuPercent: 12,
    elapsedMs: 1000,
  },
  probes: { sent: 10, received: 10, missing: 0, latency: { count: 10, p50Ms: 1, p95Ms: 2, p99Ms: 2, maxMs: 2 } },
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
