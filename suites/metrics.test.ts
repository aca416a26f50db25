/**
 * OTLP metrics reach Prometheus through Alloy; Prometheus scrapes the workload and keeps its exemplars.
 *
 * @covers stack/alloy stack/prometheus
 */
import { describe, expect } from 'vitest';
import { type Failure, pollFailures } from '../fixtures/failures/failure.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { budgets } from './budgets.ts';
import { metricsProbe, otlpMetrics, scrapedMetrics } from './cases/metrics-cases.ts';
import { withDeliveries } from './harness-test.ts';

const test = withDeliveries('metrics', [otlpMetrics, scrapedMetrics]);

describe('metrics: OTLP metrics via Alloy and scraped metrics reach Prometheus', () => {
  test('counter, histogram and gauge sent over OTLP gRPC and HTTP arrive with their names, labels and values', async ({
    deliveries,
  }) => {
    expect(await deliveries.result(otlpMetrics.name)).toHaveNoFailures();
  });

  test("the server's /metrics is scraped", async ({ deliveries }) => {
    expect(await deliveries.result(scrapedMetrics.name)).toHaveNoFailures();
  });

  test('exemplars link the scraped histogram to traces that were sent', async ({ deliveries, clients }) => {
    const probe = await deliveries.probe(metricsProbe);
    const promql = `synthetic_http_request_duration_seconds_bucket{run_id="${probe.runId}"}`;
    const hop = 'prometheus scrape of workload:9464 (OpenMetrics exemplars)';
    const outcome = await pollUntil(
      async () => {
        const found = await clients.prometheus.exemplars(
          promql,
          Math.floor(probe.sentAtMs / 1000) - 60,
          Math.ceil(Date.now() / 1000) + 1,
        );
        if (found.length === 0) throw new Error(`no exemplars for ${promql}`);
        return found;
      },
      { what: 'exemplars', timeoutMs: budgets.deliveryWaitMs },
    );
    const sentTraces = new Set(probe.items.map((i) => i.traceId));
    const strangers = (outcome.value ?? [])
      .map((e) => e.labels['trace_id'] ?? JSON.stringify(e.labels))
      .filter((id) => !sentTraces.has(id));
    writeResults('exemplars', {
      runId: probe.runId,
      promql,
      foundAfterMs: Date.now() - probe.sentAtMs,
      exemplars: outcome.value ?? [],
    });
    const failures: Failure[] = [
      ...pollFailures(outcome, { hop, rule: 'exemplars stored', expected: `exemplars of ${promql}` }),
      ...(strangers.length > 0
        ? [
            {
              hop,
              rule: 'exemplars name sent traces',
              expected: `trace ids of run ${probe.runId}`,
              actual: `never sent: ${strangers.join(', ')}`,
            },
          ]
        : []),
    ];
    expect(failures).toHaveNoFailures();
  });
});
