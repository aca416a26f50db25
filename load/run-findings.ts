import { type RunFindings, type SpikeFinding, signalTitle } from '../reports/load-report.ts';
import { robustPerHourTrend } from '../reports/per-hour-trend.ts';
import type { StepReport } from '../reports/step-report.ts';
import type { ContainerSample } from './container-stats.ts';
import type { LoadProfile } from './load-profile.ts';
import type { MeasuredSignal } from './to-load-report.ts';

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;

/** The spike of one signal's steps: its highest offered rate, the base rate it rose from, and what followed. */
function spikeOf(s: MeasuredSignal): SpikeFinding | undefined {
  const steps: readonly StepReport[] = s.steps;
  const first = steps[0];
  if (!first) return undefined;
  const spikeIndex = steps.reduce(
    (top, r, i) =>
      r.generator.offeredEventsPerSecond > (steps[top] as StepReport).generator.offeredEventsPerSecond ? i : top,
    0,
  );
  const spike = steps[spikeIndex] as StepReport;
  const after = steps[spikeIndex + 1];
  const sentUntil = spike.generatorEndedAtMs ?? spike.startedAtMs + spike.generator.elapsedMs;
  const drained =
    spike.probes.missing === 0 && spike.probes.lastArrivedAtMs !== undefined
      ? Math.max(0, spike.probes.lastArrivedAtMs - sentUntil)
      : undefined;
  return {
    signal: s.signal,
    protocol: s.protocol,
    ...(s.mixed ? { mixed: true } : {}),
    spikeStep: spike.step,
    baseEventsPerSecond: first.generator.offeredEventsPerSecond,
    spikeEventsPerSecond: spike.generator.offeredEventsPerSecond,
    refusedEvents: spike.generator.rejectedEvents + spike.generator.failedEvents,
    statuses: { ...spike.generator.statuses },
    componentRejections: Object.fromEntries(Object.entries(spike.componentRejections).filter(([, n]) => n > 0)),
    backlogDrainedAfterMs: drained,
    probesMissing: spike.probes.missing,
    after: after && { step: after.step, p99Ms: after.probes.latency.p99Ms, broken: [...after.broken] },
  };
}

/**
 * The steps a run as a whole answers for: every step of a steady or soak run; for a spike, every step but the
 * spike itself (what it costs is reported, not promised away). A step-ramp's broken steps are its search.
 */
function promisedSteps(profile: LoadProfile, s: MeasuredSignal, spike: SpikeFinding | undefined): StepReport[] {
  if (profile.kind === 'step-ramp') return [];
  return s.steps.filter((r) => r.step !== spike?.spikeStep);
}

/** How long a window's lowest sample stands for it in the memory trend. */
const floorWindowMs = 60_000;

/**
 * A component's memory as the lowest sample of each minute. What a leak leaves behind is a rising floor; the
 * peaks between are transient (a Go heap before its collection, Tempo cutting a block every few minutes) and
 * are held by the memory budget, not the trend. Through every sample, one block cut near the end of a short
 * run passed for 1.6 GiB an hour of growth where the floor grew a third of that.
 */
function floorPerWindow(
  samples: readonly ContainerSample[],
  fromMs: number,
  bytesOf: (s: ContainerSample) => number,
): { atMs: number; value: number }[] {
  const floors = new Map<number, { atMs: number; value: number }>();
  for (const sample of samples) {
    const window = Math.floor((sample.atMs - fromMs) / floorWindowMs);
    const lowest = floors.get(window);
    const value = bytesOf(sample);
    if (!lowest || value < lowest.value) floors.set(window, { atMs: sample.atMs, value });
  }
  return [...floors.values()].sort((a, b) => a.atMs - b.atMs);
}

/**
 * Each component's memory trend per hour from `fromMs`, by `bytesOf` of its samples: the robust slope through
 * its floor per minute, so that a minute the floor does not stand for (a store compacting throughout it, the
 * run's last minute cut short) does not pass for a trend. A component with a sample `bytesOf` cannot read is
 * left out.
 */
function trendsPerHour(
  samples: readonly ContainerSample[],
  fromMs: number,
  bytesOf: (s: ContainerSample) => number | undefined,
): Record<string, number> {
  const perHour: Record<string, number> = {};
  for (const service of [...new Set(samples.map((c) => c.service))].sort()) {
    const own = samples.filter((c) => c.service === service && c.atMs >= fromMs);
    if (own.some((c) => bytesOf(c) === undefined)) continue;
    const trend = robustPerHourTrend(floorPerWindow(own, fromMs, (c) => bytesOf(c) as number));
    if (trend !== undefined) perHour[service] = Math.round(trend);
  }
  return perHour;
}

/**
 * What the run as a whole showed (reports/load-report.ts states what each part means). A mix's signals share
 * each step's verdict, so a broken mixed step is named once, by its protocol and position.
 */
export function runFindings(input: {
  profile: LoadProfile;
  signals: readonly MeasuredSignal[];
  containerSamples: readonly ContainerSample[];
  storeCycles: Record<string, number>;
}): RunFindings {
  const { profile, signals, containerSamples } = input;
  const broken: string[] = [];
  const spikes: SpikeFinding[] = [];
  const named = new Set<string>();
  for (const s of signals) {
    const spike = profile.kind === 'spike' ? spikeOf(s) : undefined;
    if (spike) {
      spikes.push(spike);
      if (spike.backlogDrainedAfterMs === undefined)
        broken.push(
          `${signalTitle(s)}: ${spike.probesMissing} probes sent during the spike (step ${spike.spikeStep}) had not arrived when the step stopped waiting for them`,
        );
    }
    s.steps.forEach((r) => {
      if (r.broken.length === 0 || !promisedSteps(profile, s, spike).includes(r)) return;
      const position = s.steps.indexOf(r) + 1;
      const key = s.mixed ? `the mix over ${s.protocol}, step ${position}` : `${signalTitle(s)}, step ${r.step}`;
      if (named.has(key)) return;
      named.add(key);
      broken.push(`${key}: ${r.broken.join('; ')}`);
    });
  }

  // The warm-up, the first step or the profile's own, is left out: components grow into their working set then,
  // which is not a trend.
  const trendFrom = profile.budgets.memoryTrendFromSeconds;
  const warmUp =
    trendFrom === undefined ? 'the first step' : `the first ${(trendFrom / 60).toLocaleString('en')} minutes`;
  const fromMs = Math.min(
    ...signals.map((s) => {
      const first = s.steps[0];
      if (!first) return Number.POSITIVE_INFINITY;
      return trendFrom === undefined ? first.endedAtMs : first.startedAtMs + trendFrom * 1000;
    }),
  );
  // Judged on the processes' own memory: docker stats' figure counts the page cache of recently written files,
  // which grows with every block a store writes and is the kernel's to take back (a steady run's Tempo rose 588
  // MiB an hour by it). Where the engine gives no such figure, docker stats' is all there is.
  const withPageCache = trendsPerHour(containerSamples, fromMs, (c) => c.memoryBytes);
  const own = trendsPerHour(containerSamples, fromMs, (c) => c.ownMemoryBytes);
  const bytesPerHour = { ...withPageCache, ...own };
  const bound = profile.budgets.memoryGrowthBytesPerHour;
  if (bound !== undefined)
    for (const [service, perHour] of Object.entries(bytesPerHour))
      if (perHour > bound)
        broken.push(
          `${service}'s ${service in own ? 'own memory (page cache left out)' : 'memory'} grew ${mib(perHour)} per hour after ${warmUp}, over the bound of ${mib(bound)} per hour`,
        );

  return {
    broken,
    memoryTrend: {
      fromMs: Number.isFinite(fromMs) ? fromMs : 0,
      boundBytesPerHour: bound,
      bytesPerHour,
      withPageCacheBytesPerHour: withPageCache,
      warmUp,
    },
    spikes,
    storeCycles: { ...input.storeCycles },
  };
}
