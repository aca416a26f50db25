import { stepReport } from '../reports/step-report-fixture.ts';
import type { LoadSignal } from './load-profile.ts';
import type { StepResult } from './load-step.ts';

/**
 * A step result for unit tests: the report's test step (every promise kept, probes in at 2 ms) plus what only
 * the run holds, the signal and the generator's own counts. `overrides` sets what a test is about.
 */
export const stepResult = (
  signal: LoadSignal,
  rate: number,
  broken: string[],
  overrides: Partial<StepResult> = {},
): StepResult => {
  const report = stepReport(rate, 2, broken);
  return {
    ...report,
    signal,
    step: `${signal}-${rate}`,
    generator: { ...report.generator, sendingCpuMs: 0, sampledRequests: [] },
    ...overrides,
  };
};
