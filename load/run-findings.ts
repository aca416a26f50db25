import { type RunFindings, type SpikeFinding, signalTitle } from '../reports/load-report.ts';
import { perHourTrend } from '../reports/per-hour-trend.ts';
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
function floorPerWindow(samples: readonly ContainerSample[], fromMs: number): { atMs: number; value: number }[] {
  const floors = new Map<number, ContainerSample>();
  for (const sample of samples) {
    const window = Math.floor((sample.atMs - fromMs) / floorWindowMs);
    const lowest = floors.get(window);
    if (!lowest || sample.memoryBytes < lowest.memoryBytes) floors.set(window, sample);
  }
  return [...floors.values()].sort((a, b) => a.atMs - b.atMs).map((c) => ({ atMs: c.atMs, value: c.memoryBytes }));
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

  // The first step is the warm-up: components grow into their working set then, which is not a trend.
  const fromMs = Math.min(...signals.map((s) => s.steps[0]?.endedAtMs ?? Number.POSITIVE_INFINITY));
  const bytesPerHour: Record<string, number> = {};
  for (const service of [...new Set(containerSamples.map((c) => c.service))].sort()) {
    const trend = perHourTrend(
      floorPerWindow(
        containerSamples.filter((c) => c.service === service && c.atMs >= fromMs),
        fromMs,
      ),
    );
    if (trend !== undefined) bytesPerHour[service] = Math.round(trend);
  }
  const bound = profile.budgets.memoryGrowthBytesPerHour;
  if (bound !== undefined)
    for (const [service, perHour] of Object.entries(bytesPerHour))
      if (perHour > bound)
        broken.push(
          `${service}'s memory grew ${mib(perHour)} per hour after the first step, over the bound of ${mib(bound)} per hour`,
        );

  return {
    broken,
    memoryTrend: { fromMs: Number.isFinite(fromMs) ? fromMs : 0, boundBytesPerHour: bound, bytesPerHour },
    spikes,
    storeCycles: { ...input.storeCycles },
  };
}
