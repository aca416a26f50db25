import type { StepReport } from './step-report.ts';

/**
 * All the figures of one load run: what report.json holds and what the Markdown and HTML reports are built from.
 * The types are the reports' own; load/ maps its richer results into them (load/to-load-report.ts), so a saved
 * report.json can be rendered again without load/.
 */
export interface LoadReport {
  profile: ReportProfile;
  runId: string;
  startedAt: string;
  durationMs: number;
  /** Whether the run ended by itself (finished, or its time bound), or was interrupted. */
  ending: 'finished' | 'time bound reached' | 'interrupted';
  /** `pipeline`: alloy or otelcol; absent in reports written before there was a choice. */
  environment: { cores: number; pipeline?: string; images: { component: string; image: string }[] };
  signals: SignalReport[];
  containerSamples: ResourceSample[];
  /** Each volume's size at the start and after every step; absent in reports written before it was measured. */
  volumeSamples?: VolumeSizeSample[];
  /** What the run as a whole showed; absent in reports written before it was measured. */
  findings?: RunFindings;
}

/**
 * What a run as a whole showed, beyond its steps: what steady, spike and soak profiles are read for (flat
 * latency, memory that does not climb, a spike absorbed and recovered from, the stores' flushes crossed).
 */
export interface RunFindings {
  /** The promises the run as a whole broke, each naming its step or component; empty when it kept them all. */
  broken: string[];
  /**
   * Each component's memory trend per hour, through its lowest sample of each minute, from the end of the first
   * step (the warm-up left out), and the bound the profile sets on it, if any. `bytesPerHour` is of the
   * processes' own memory (page cache left out) where the engine reports it, and is what the bound judges;
   * `withPageCacheBytesPerHour` is of docker stats' figure, which counts recently written files' pages too
   * (absent in reports written before both were measured).
   */
  memoryTrend: {
    fromMs: number;
    boundBytesPerHour: number | undefined;
    bytesPerHour: Record<string, number>;
    withPageCacheBytesPerHour?: Record<string, number>;
    /** What the trend leaves out: `the first step`, `the first 20 minutes`; absent in older reports (the first step). */
    warmUp?: string;
  };
  /** Per signal, for a spike profile: what the spike cost and how the stack came back from it. */
  spikes: SpikeFinding[];
  /** How often the stores flushed and compacted during the run, by their own counters: what a soak must cross. */
  storeCycles: Record<string, number>;
}

/** One signal through a spike: its highest step, and the first step back at the base rate after it. */
export interface SpikeFinding {
  signal: string;
  protocol?: string;
  mixed?: boolean;
  spikeStep: string;
  baseEventsPerSecond: number;
  spikeEventsPerSecond: number;
  /** Events the pipeline answered with an error, or never answered, during the spike, and its answers. */
  refusedEvents: number;
  statuses: Record<string, number>;
  /** What the components refused or dropped during the spike, by their own counters. */
  componentRejections: Record<string, number>;
  /**
   * From the spike's last event sent to the arrival of the last probe sent during it: how long the backlog took
   * to drain. Undefined when a probe of the spike had not arrived by the end of its wait.
   */
  backlogDrainedAfterMs: number | undefined;
  probesMissing: number;
  /** The step after the spike, back at the base rate: its probe p99 and whether it kept every promise. */
  after: { step: string; p99Ms: number; broken: string[] } | undefined;
}

/** One volume's size at one instant. */
export interface VolumeSizeSample {
  atMs: number;
  volume: string;
  bytes: number;
}

/** The profile as the report states it. */
export interface ReportProfile {
  name: string;
  description: string;
  kind: string;
  /** The load's knobs beyond its rate, in one line (clients, events per request, series, churn). */
  shape: string;
  stepSeconds: number;
  maxDurationSeconds: number;
  /** Promises: probe p99 latency per signal, and memory per component. */
  budgets: { p99Ms: Record<string, number>; memoryBytes: number };
}

/** One signal's steps and what the capacity search made of them. */
export interface SignalReport {
  signal: string;
  /** How the load was sent (http/protobuf, grpc, http/json); absent in reports written before there was a choice. */
  protocol?: string;
  /** Sent at the same time as the run's other signals, in set proportions (a mixed profile). */
  mixed?: boolean;
  /** Whether the signal's steps count metric series (the step tables show the series columns). */
  countsSeries: boolean;
  steps: StepReport[];
  /** The highest offered rate that kept every promise (step-ramp profiles); undefined when none did. */
  kneeEventsPerSecond: number | undefined;
  /** The broken step with the lowest offered rate. */
  firstBroken: StepReport | undefined;
}

/** CPU and memory of one component at one instant (the container engine's figures). */
export interface ResourceSample {
  atMs: number;
  service: string;
  cpuPercent: number;
  /** docker stats' figure: page cache of recently written files included. */
  memoryBytes: number;
  /** The processes' own memory, page cache left out; absent where the engine does not say. */
  ownMemoryBytes?: number;
}

/** A signal's name in the reports: with the protocol it was sent over, where the report says. */
export const signalTitle = (s: Pick<SignalReport, 'signal' | 'protocol' | 'mixed'>): string =>
  `${s.protocol ? `${s.signal} over ${s.protocol}` : s.signal}${s.mixed ? ', in the mix' : ''}`;
