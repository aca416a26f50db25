/**
 * OTLP traces from the workload reach Tempo through Alloy; Tempo's metrics-generator writes to Prometheus.
 *
 * @covers stack/alloy stack/tempo stack/prometheus
 */
import { describe, expect } from 'vitest';
import { deliveryRules } from '../fixtures/delivery/delivery-failures.ts';
import { generatedMetrics, tracesById, tracesBySearch } from './cases/traces-cases.ts';
import { withDeliveries } from './harness-test.ts';

const test = withDeliveries('traces', [tracesById, tracesBySearch, generatedMetrics]);

describe('traces: OTLP traces via Alloy reach Tempo', () => {
  test('every trace is found by id, complete, over both transports, within budget', async ({ deliveries }) => {
    expect(await deliveries.result(tracesById.name)).toHaveNoFailures({ except: [deliveryRules.storedAsSent] });
  });

  test('each trace has exactly the spans sent, with their parent links and attributes', async ({ deliveries }) => {
    const result = await deliveries.result(tracesById.name);
    expect(result.overall.received, 'no spans fetched to compare').toBeGreaterThan(0);
    expect(result).toHaveNoFailures({
      rules: [deliveryRules.storedAsSent, deliveryRules.onlySent, deliveryRules.once],
    });
  });

  test('TraceQL search finds every trace of the run', async ({ deliveries }) => {
    expect(await deliveries.result(tracesBySearch.name)).toHaveNoFailures();
  });

  test("Tempo's metrics-generator writes span metrics and service-graph series to Prometheus", async ({
    deliveries,
  }) => {
    expect(await deliveries.result(generatedMetrics.name)).toHaveNoFailures();
  });
});
