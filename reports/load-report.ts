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
  memoryBytes: number;
}

/** A signal's name in the reports: with the protocol it was sent over, where the report says. */
export const signalTitle = (s: Pick<SignalReport, 'signal' | 'protocol' | 'mixed'>): string =>
  `${s.protocol ? `${s.signal} over ${s.protocol}` : s.signal}${s.mixed ? ', in the mix' : ''}`;
