import type { LoadReport, RunFindings } from '../reports/load-report.ts';
import type { StepReport } from '../reports/step-report.ts';
import type { ContainerSample } from './container-stats.ts';
import type { VolumeSample } from './volume-sizes.ts';
import { describeShape, type LoadProfile, type LoadSignal } from './load-profile.ts';
import type { StepResult } from './load-step.ts';
import type { OtlpProtocol } from './otlp-transport.ts';

/** One signal's steps, and the knee the capacity search found among them (step-ramp profiles). */
export interface MeasuredSignal {
  signal: LoadSignal;
  protocol: OtlpProtocol;
  /** Sent at the same time as the profile's other signals (a mix). */
  mixed?: boolean;
  steps: readonly StepResult[];
  kneeEventsPerSecond: number | undefined;
}

/** What a load run measured, in load/'s own types, before it becomes a report. */
export interface MeasuredRun {
  profile: LoadProfile;
  runId: string;
  startedAtMs: number;
  endedAtMs: number;
  ending: LoadReport['ending'];
  cores: number;
  /** The telemetry pipeline the stack ran: Alloy, or the OpenTelemetry Collector in its place. */
  pipeline: string;
  images: readonly { component: string; image: string }[];
  signals: readonly MeasuredSignal[];
  containerSamples: readonly ContainerSample[];
  volumeSamples: readonly VolumeSample[];
  findings: RunFindings;
}

/** Field by field, so that a change to a step result's shape shows up here, not in the renderers. */
function toStepReport(r: StepResult): StepReport {
  const { generator: g, probes: p } = r;
  return {
    step: r.step,
    startedAtMs: r.startedAtMs,
    endedAtMs: r.endedAtMs,
    ...(r.generatorEndedAtMs === undefined ? {} : { generatorEndedAtMs: r.generatorEndedAtMs }),
    generator: {
      offeredEventsPerSecond: g.offeredEventsPerSecond,
      achievedEventsPerSecond: g.achievedEventsPerSecond,
      answeredRequestsPerSecond: g.answeredRequestsPerSecond,
      sentEvents: g.sentEvents,
      acceptedEvents: g.acceptedEvents,
      rejectedEvents: g.rejectedEvents,
      failedEvents: g.failedEvents,
      statuses: { ...g.statuses },
      seriesWritten: g.seriesWritten,
      workers: g.workers,
      cpuPercent: g.cpuPercent,
      elapsedMs: g.elapsedMs,
    },
    probes: {
      sent: p.sent,
      received: p.received,
      missing: p.missing,
      latency: { ...p.latency },
      ...(p.lastArrivedAtMs === undefined ? {} : { lastArrivedAtMs: p.lastArrivedAtMs }),
      ...(p.slowest === undefined ? {} : { slowest: { ...p.slowest } }),
    },
    storedEvents: r.storedEvents,
    storedSeries: r.storedSeries,
    activeSeries: r.activeSeries,
    sampledTraces: r.sampledTraces && { ...r.sampledTraces, shortIds: [...r.sampledTraces.shortIds] },
    ingestionPerSecond: { ...r.ingestionPerSecond },
    componentRejections: { ...r.componentRejections },
    peakMemoryBytes: { ...r.peakMemoryBytes },
    meanCpuPercent: { ...r.meanCpuPercent },
    broken: [...r.broken],
    complaints: { ...r.complaints },
  };
}

/**
 * The one place load/'s results become the report model: reports/ knows nothing of load/, and load/ hands it
 * only this. The first broken step of each signal is the one with the lowest offered rate.
 */
export function toLoadReport(run: MeasuredRun): LoadReport {
  const { profile } = run;
  // Only the signals the profile runs have a budget; the model's record holds no undefined values.
  const p99Ms: Record<string, number> = {};
  for (const [signal, budget] of Object.entries(profile.budgets.p99Ms))
    if (budget !== undefined) p99Ms[signal] = budget;
  return {
    profile: {
      name: profile.name,
      description: profile.description,
      kind: profile.kind,
      shape: describeShape(profile),
      stepSeconds: profile.stepSeconds,
      maxDurationSeconds: profile.maxDurationSeconds,
      budgets: { p99Ms, memoryBytes: profile.budgets.memoryBytes },
    },
    runId: run.runId,
    startedAt: new Date(run.startedAtMs).toISOString(),
    durationMs: run.endedAtMs - run.startedAtMs,
    ending: run.ending,
    environment: {
      cores: run.cores,
      pipeline: run.pipeline,
      images: run.images.map((i) => ({ component: i.component, image: i.image })),
    },
    signals: run.signals.map((s) => {
      const steps = s.steps.map(toStepReport);
      return {
        signal: s.signal,
        protocol: s.protocol,
        ...(s.mixed ? { mixed: true } : {}),
        countsSeries: s.signal === 'metrics',
        steps,
        kneeEventsPerSecond: s.kneeEventsPerSecond,
        firstBroken: steps
          .filter((r) => r.broken.length > 0)
          .sort((a, b) => a.generator.offeredEventsPerSecond - b.generator.offeredEventsPerSecond)[0],
      };
    }),
    volumeSamples: run.volumeSamples.map((v) => ({ atMs: v.atMs, volume: v.volume, bytes: v.bytes })),
    findings: structuredClone(run.findings),
    containerSamples: run.containerSamples.map((c) => ({
      atMs: c.atMs,
      service: c.service,
      cpuPercent: c.cpuPercent,
      memoryBytes: c.memoryBytes,
      ...(c.ownMemoryBytes === undefined ? {} : { ownMemoryBytes: c.ownMemoryBytes }),
    })),
  };
}
