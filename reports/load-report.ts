import type { ContainerSample } from '../load/container-stats.ts';
import type { LoadProfile, LoadSignal } from '../load/load-profile.ts';
import type { StepResult } from '../load/load-step.ts';

/** All the figures of one load run: what report.json holds and the other reports render. */
export interface LoadReport {
  profile: LoadProfile;
  runId: string;
  startedAt: string;
  durationMs: number;
  /** Whether the run ended by itself (finished, or its time bound), or was interrupted. */
  ending: 'finished' | 'time bound reached' | 'interrupted';
  environment: { cores: number; images: { component: string; image: string }[] };
  signals: {
    signal: LoadSignal;
    steps: StepResult[];
    /** The highest offered rate that kept every promise (step-ramp profiles); undefined when none did. */
    kneeEventsPerSecond: number | undefined;
    firstBroken: StepResult | undefined;
  }[];
  containerSamples: ContainerSample[];
}
