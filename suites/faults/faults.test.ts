import { describe, expect, test as base } from 'vitest';
import { assertNoSilentCrashes } from '../../fixtures/docker/container-restarts.ts';
import { type FaultResult, renderFaultTable } from '../../fixtures/faults/fault-report.ts';
import { StackControl } from '../../fixtures/faults/stack-control.ts';
import { writeResults } from '../../fixtures/results/write-results.ts';
import { startStack } from '../../fixtures/stack/start-stack.ts';
import '../setup/failure-matchers.ts';
import { faultCases } from './fault-cases.ts';
import { runFault } from './run-fault.ts';

/**
 * Faults, one at a time, under a steady load of all three signals, on a stack of this file's own (it breaks
 * things): what was acknowledged must be stored, recovery must come within budget, the right alert must fire.
 * OBS_HARNESS_FAULTS (comma-separated parts of fault names, e.g. `alloy`) runs only the faults it names.
 */
const only = (process.env['OBS_HARNESS_FAULTS'] ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const selected = (name: string): boolean => only.length === 0 || only.some((part) => name.includes(part));

/** Loki's volume in this suite's stack: room for its run, small enough to fill at once. */
const lokiDiskMb = 256;

const test = base
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern
  .extend('control', { scope: 'file' }, async ({}, { onCleanup }) => {
    // With the opt-in journal: Alloy's journal cursor must survive its faults as its file positions do.
    const stack = await startStack({ workload: false, faults: { lokiDiskMb }, logSources: ['journal'] });
    writeResults('faults-stack', { runId: stack.endpoints.runId, startupMs: stack.startupMs });
    onCleanup(async () => {
      try {
        // Every component this suite killed it started again itself: any other restart is a crash.
        await assertNoSilentCrashes(stack.endpoints.projectName);
      } finally {
        await stack.down();
      }
    });
    return new StackControl(stack.endpoints);
  })
  .extend('results', { scope: 'file' }, (): FaultResult[] => []);

describe('faults: nothing acknowledged is lost, and the stack says what happened', () => {
  for (const fault of faultCases) {
    test.skipIf(!selected(fault.name))(fault.name, async ({ control, results }) => {
      const result = await runFault(fault, control, `${control.endpoints.runId}-faults`);
      results.push(result);
      writeResults('faults', { runId: control.endpoints.runId, faults: results });
      process.stdout.write(`${renderFaultTable([result])}\n`);
      expect(result).toHaveNoFailures();
    });
  }
});
