import { inject, test as base } from 'vitest';
import type { DeliveryCase } from '../fixtures/delivery/delivery-case.ts';
import { runCases, type StartedCases } from '../fixtures/delivery/run-cases.ts';
import { HarnessError } from '../fixtures/harness-error.ts';
import { stackClients } from '../fixtures/stack/stack-clients.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';
import './setup/failure-matchers.ts';

/**
 * The conformance suites' `test`: the running stack (from the global setup), a client per component, and the
 * synthetic workload, each set up once per file and handed to every test that names it.
 */
export const test = base
  .extend('stack', { scope: 'file' }, () => inject('stack'))
  .extend('clients', { scope: 'file' }, ({ stack }) => stackClients(stack))
  .extend('workload', { scope: 'file' }, ({ stack }) => {
    if (!stack.workload)
      throw new HarnessError('NO_WORKLOAD', `stack ${stack.projectName} runs without the synthetic workload`);
    return new WorkloadClient(stack.workload);
  });

/**
 * A suite file's `test` with its delivery cases running: `deliveries` starts them all when a test first asks
 * (each case's probe sent, every wait begun at once) and hands each test the results it awaits by case name.
 * `suite` names the file's run id: `<stack run id>-<suite>`.
 */
export function withDeliveries(suite: string, cases: readonly DeliveryCase<unknown>[]) {
  return test.extend(
    'deliveries',
    { scope: 'file' },
    ({ stack, clients, workload }): StartedCases =>
      runCases(cases, { clients, workload, runId: `${stack.runId}-${suite}`, timeoutMs: budgets.deliveryWaitMs }),
  );
}
