import { describe, expect, it } from 'vitest';
import type { ContainerSample } from './container-stats.ts';
import type { LoadProfile } from './load-profile.ts';
import { runFindings } from './run-findings.ts';
import { stepResult } from './step-result-fixture.ts';

const profile = (kind: LoadProfile['kind'], memoryGrowthBytesPerHour?: number): LoadProfile => ({
  name: kind,
  description: '',
  kind,
  signals: ['logs'],
  protocols: ['http/protobuf'],
  rates: { logs: [1000] },
  stepSeconds: 60,
  bisectSteps: 0,
  clients: 16,
  shape: {
    logs: { linesPerRequest: 100 },
    traces: { spansPerRequest: 100, spansPerTrace: 10 },
    metrics: { pointsPerRequest: 100, series: 1000, churnSeconds: 0 },
  },
  budgets: {
    p99Ms: { logs: 5000 },
    memoryBytes: 2 ** 32,
    ...(memoryGrowthBytesPerHour === undefined ? {} : { memoryGrowthBytesPerHour }),
  },
  maxDurationSeconds: 3600,
});

const minute = 60_000;
/** A step of a minute, starting `at` minutes into the run. */
const stepAt = (at: number, rate: number, broken: string[] = [], label = `logs-${at}`) =>
  stepResult('logs', rate, broken, {
    step: label,
    startedAtMs: at * minute,
    endedAtMs: (at + 1) * minute,
    generatorEndedAtMs: at * minute + 50_000,
  });
/** A component's memory, sampled every 10 s over `minutes`, growing by `mibPerMinute`. */
const memory = (service: string, minutes: number, mibPerMinute: number): ContainerSample[] =>
  Array.from({ length: minutes * 6 }, (_, i) => ({
    atMs: i * 10_000,
    service,
    cpuPercent: 10,
    memoryBytes: 2 ** 28 + (i / 6) * mibPerMinute * 2 ** 20,
  }));

/** The findings of a steady run of one logs step, with a memory bound of 256 MiB an hour, over `samples`. */
const steadyOfOneStep = (samples: ContainerSample[]) =>
  runFindings({
    profile: profile('steady', 256 * 2 ** 20),
    signals: [{ signal: 'logs', protocol: 'http/protobuf', steps: [stepAt(0, 1000)], kneeEventsPerSecond: undefined }],
    containerSamples: samples,
    storeCycles: {},
  });

describe('runFindings', () => {
  it("breaks a steady run whose component's memory climbs faster than the bound, after the first step", () => {
    const findings = runFindings({
      profile: profile('steady', 256 * 2 ** 20),
      signals: [
        {
          signal: 'logs',
          protocol: 'http/protobuf',
          steps: [stepAt(0, 1000), stepAt(1, 1000)],
          kneeEventsPerSecond: undefined,
        },
      ],
      // 10 MiB a minute is 600 MiB an hour; 1 MiB a minute is 60.
      containerSamples: [...memory('loki', 10, 10), ...memory('tempo', 10, 1)],
      storeCycles: {},
    });
    expect(findings.memoryTrend.fromMs).toBe(minute);
    expect(Math.round((findings.memoryTrend.bytesPerHour['loki'] ?? 0) / 2 ** 20)).toBe(600);
    expect(findings.broken).toEqual([
      "loki's memory grew 600 MiB per hour after the first step, over the bound of 256 MiB per hour",
    ]);
  });

  it("judges the processes' own memory, not the page cache of the files a store writes", () => {
    // Tempo's heap flat at 256 MiB while docker stats' figure climbs 10 MiB a minute with the blocks it writes;
    // Loki's heap itself climbing.
    const tempo = memory('tempo', 10, 10).map((s) => ({ ...s, ownMemoryBytes: 2 ** 28 }));
    const loki = memory('loki', 10, 10).map((s) => ({ ...s, ownMemoryBytes: s.memoryBytes }));
    const findings = steadyOfOneStep([...tempo, ...loki]);
    expect(findings.memoryTrend.bytesPerHour['tempo']).toBe(0);
    expect(Math.round((findings.memoryTrend.withPageCacheBytesPerHour?.['tempo'] ?? 0) / 2 ** 20)).toBe(600);
    expect(findings.broken).toEqual([
      "loki's own memory (page cache left out) grew 600 MiB per hour after the first step, over the bound of 256 MiB per hour",
    ]);
  });

  it('leaves the warm-up out of the trend: a jump during the first step is not growth', () => {
    const samples = memory('loki', 10, 0).map((s) => (s.atMs < minute ? { ...s, memoryBytes: 2 ** 20 } : s));
    const findings = runFindings({
      profile: profile('steady', 2 ** 20),
      signals: [
        { signal: 'logs', protocol: 'http/protobuf', steps: [stepAt(0, 1000)], kneeEventsPerSecond: undefined },
      ],
      containerSamples: samples,
      storeCycles: {},
    });
    expect(findings.memoryTrend.bytesPerHour['loki']).toBe(0);
    expect(findings.broken).toEqual([]);
  });

  it("leaves a profile's own warm-up out: a store growing into its block cycle, then flat", () => {
    // Tempo's own memory climbing 10 MiB a minute for 6 minutes (blocks cut and kept), flat after.
    const tempo = memory('tempo', 10, 0).map((s) => {
      const minutes = Math.min(6, s.atMs / minute);
      return { ...s, ownMemoryBytes: 2 ** 28 + minutes * 10 * 2 ** 20 };
    });
    const run = (memoryTrendFromSeconds?: number) =>
      runFindings({
        profile: {
          ...profile('steady', 256 * 2 ** 20),
          ...(memoryTrendFromSeconds === undefined
            ? {}
            : {
                budgets: {
                  p99Ms: {},
                  memoryBytes: 2 ** 32,
                  memoryGrowthBytesPerHour: 256 * 2 ** 20,
                  memoryTrendFromSeconds,
                },
              }),
        },
        signals: [
          { signal: 'logs', protocol: 'http/protobuf', steps: [stepAt(0, 1000)], kneeEventsPerSecond: undefined },
        ],
        containerSamples: tempo,
        storeCycles: {},
      });
    expect(run().broken).toHaveLength(1);
    const warmedUp = run(360);
    expect(warmedUp.memoryTrend.fromMs).toBe(6 * minute);
    expect(warmedUp.memoryTrend.warmUp).toBe('the first 6 minutes');
    expect(warmedUp.memoryTrend.bytesPerHour['tempo']).toBe(0);
    expect(warmedUp.broken).toEqual([]);
  });

  it('reads the trend robustly: a whole minute of compaction, or a last minute cut short, is not growth', () => {
    // Flat at 256 MiB, but for minute 6, held 700 MiB up throughout (a store compacting), and a last minute
    // with one sample only, high.
    const flat = memory('tempo', 10, 0).map((s) =>
      Math.floor(s.atMs / minute) === 6 ? { ...s, memoryBytes: s.memoryBytes + 700 * 2 ** 20 } : s,
    );
    const cutShort = [{ ...(flat.at(-1) as ContainerSample), atMs: 10 * minute, memoryBytes: 2 ** 30 }];
    const findings = steadyOfOneStep([...flat, ...cutShort]);
    expect(findings.memoryTrend.bytesPerHour['tempo']).toBe(0);
    expect(findings.broken).toEqual([]);
  });

  it('reads the trend from the floor: a peak near the end is not growth, a rising floor is', () => {
    // Flat at 256 MiB, but for one sample in each minute that is 1 GiB higher (a block cut), most in the last ones.
    const sawtooth = memory('tempo', 10, 0).map((s, i) =>
      i % 6 === 3 && i > 40 ? { ...s, memoryBytes: s.memoryBytes + 2 ** 30 } : s,
    );
    const rising = memory('loki', 10, 10).map((s, i) => (i % 6 === 3 ? { ...s, memoryBytes: 2 ** 31 } : s));
    const findings = steadyOfOneStep([...sawtooth, ...rising]);
    expect(findings.memoryTrend.bytesPerHour['tempo']).toBe(0);
    expect(Math.round((findings.memoryTrend.bytesPerHour['loki'] ?? 0) / 2 ** 20)).toBe(600);
    expect(findings.broken).toEqual([
      "loki's memory grew 600 MiB per hour after the first step, over the bound of 256 MiB per hour",
    ]);
  });

  it("names a steady run's broken step once for a mix, by its protocol and position", () => {
    const broken = ['traces: probe p99 latency 6000 ms over budget 5000 ms'];
    const findings = runFindings({
      profile: profile('steady'),
      signals: (['logs', 'traces'] as const).map((signal) => ({
        signal,
        protocol: 'http/protobuf' as const,
        mixed: true,
        steps: [stepAt(0, 1000), stepAt(1, 1000, broken, `${signal}-proto-mix-2`)],
        kneeEventsPerSecond: undefined,
      })),
      containerSamples: [],
      storeCycles: {},
    });
    expect(findings.broken).toEqual([`the mix over http/protobuf, step 2: ${broken[0]}`]);
  });

  it("measures a spike's cost and its backlog, and holds only the steps around it to their promises", () => {
    const spike = stepAt(1, 10_000, ['alloy refused 500 events'], 'logs-spike');
    spike.generator.rejectedEvents = 400;
    spike.generator.failedEvents = 100;
    spike.generator.statuses = { 200: 90, 503: 10 };
    spike.componentRejections = { 'alloy refused': 500, 'loki discarded': 0 };
    spike.probes.lastArrivedAtMs = spike.startedAtMs + 50_000 + 12_345;
    const findings = runFindings({
      profile: profile('spike'),
      signals: [
        {
          signal: 'logs',
          protocol: 'http/protobuf',
          steps: [stepAt(0, 1000), spike, stepAt(2, 1000, ['probe p99 latency 9000 ms over budget 5000 ms'])],
          kneeEventsPerSecond: undefined,
        },
      ],
      containerSamples: [],
      storeCycles: { 'loki chunks flushed': 3 },
    });
    expect(findings.spikes).toEqual([
      {
        signal: 'logs',
        protocol: 'http/protobuf',
        spikeStep: 'logs-spike',
        baseEventsPerSecond: 1000,
        spikeEventsPerSecond: 10_000,
        refusedEvents: 500,
        statuses: { 200: 90, 503: 10 },
        componentRejections: { 'alloy refused': 500 },
        backlogDrainedAfterMs: 12_345,
        probesMissing: 0,
        after: { step: 'logs-2', p99Ms: 2, broken: ['probe p99 latency 9000 ms over budget 5000 ms'] },
      },
    ]);
    expect(findings.broken).toEqual([
      'logs over http/protobuf, step logs-2: probe p99 latency 9000 ms over budget 5000 ms',
    ]);
    expect(findings.storeCycles).toEqual({ 'loki chunks flushed': 3 });
  });

  it('calls a spike whose probes never all arrived a broken promise', () => {
    const spike = stepAt(1, 10_000, [], 'logs-spike');
    spike.probes = { ...spike.probes, received: 8, missing: 2 };
    const findings = runFindings({
      profile: profile('spike'),
      signals: [
        { signal: 'logs', protocol: 'http/protobuf', steps: [stepAt(0, 1000), spike], kneeEventsPerSecond: undefined },
      ],
      containerSamples: [],
      storeCycles: {},
    });
    expect(findings.spikes[0]?.backlogDrainedAfterMs).toBeUndefined();
    expect(findings.broken).toEqual([
      'logs over http/protobuf: 2 probes sent during the spike (step logs-spike) had not arrived when the step stopped waiting for them',
    ]);
  });

  it("holds a step-ramp's broken steps against nothing: they are its search", () => {
    const findings = runFindings({
      profile: profile('step-ramp'),
      signals: [
        {
          signal: 'logs',
          protocol: 'http/protobuf',
          steps: [stepAt(0, 1000), stepAt(1, 4000, ['x'])],
          kneeEventsPerSecond: 1000,
        },
      ],
      containerSamples: [],
      storeCycles: {},
    });
    expect(findings.broken).toEqual([]);
    expect(findings.spikes).toEqual([]);
  });
});
