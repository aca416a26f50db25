/**
 * Bad input cannot hurt the stack: each malformed, oversized or out-of-range input, sent through the entry point
 * it would use, is refused with an answer that names the problem, counted by the component, and leaves the normal
 * traffic sent at the same time whole; no container restarts. A stack of its own (harness ports, no workload),
 * so that what it sends touches no other suite's data.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus
 */
import { describe, expect } from 'vitest';
import { renderBadInputTable } from '../fixtures/bad-input/bad-input-report.ts';
import { type BadInputResult, runBadInput } from '../fixtures/bad-input/run-bad-input.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { stackClients } from '../fixtures/stack/stack-clients.ts';
import { type StartedStack, startStack } from '../fixtures/stack/start-stack.ts';
import { budgets } from './budgets.ts';
import { badInputCases } from './cases/bad-input-cases.ts';
import { test as harnessTest } from './harness-test.ts';

const test = harnessTest
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern
  .extend('own', { scope: 'file' }, async ({}, { onCleanup }): Promise<StartedStack> => {
    const stack = await startStack();
    onCleanup(() => stack.down());
    return stack;
  })
  .extend('results', { scope: 'file' }, ({ own }, { onCleanup }): BadInputResult[] => {
    const results: BadInputResult[] = [];
    onCleanup(() => {
      writeResults('bad-input', { runId: own.endpoints.runId, cases: results });
      process.stdout.write(`\n${renderBadInputTable(results)}\n`);
    });
    return results;
  });

describe('bad input: refused, counted, and harmless to the traffic beside it', () => {
  for (const c of badInputCases) {
    test(`${c.entry}: ${c.name}`, async ({ own, results }) => {
      const result = await runBadInput(c, {
        stack: own.endpoints,
        clients: stackClients(own.endpoints),
        runId: `${own.endpoints.runId}-bad-input`,
        budget: budgets.faults.probe,
        counterWithinMs: budgets.badInput.counterMovesWithinMs,
        settleMs: budgets.faults.settleMs,
      });
      results.push(result);
      expect(result.failures).toHaveNoFailures();
    });
  }
});
