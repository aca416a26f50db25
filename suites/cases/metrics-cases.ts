import type { DeliveryLookup } from '../../fixtures/delivery/delivery-case.ts';
import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { fromProbe } from '../../fixtures/delivery/from-probe.ts';
import { prometheusSeries, seriesSelector } from '../../fixtures/signals/prometheus-series.ts';
import type { ProbeResult, SentMetricPoint } from '../../fixtures/workload/probe-types.ts';
import { budgets } from '../budgets.ts';
import { pipelineUnderTest } from '../../fixtures/stack/pipeline.ts';

/** The pipeline under test (Alloy, or the collector in its place), for the hops messages name. */
const pipeline = pipelineUnderTest();

export const metricsProbe = { count: 20 };

/** One expected series per item: the sum of every point sent to it must be exactly what Prometheus holds. */
function seriesItems(probe: ProbeResult, points: readonly SentMetricPoint[]) {
  // Each series travels one way: the transport of the points that make it up.
  const transportOf = new Map<string, string>();
  for (const point of points) {
    for (const s of prometheusSeries([point])) transportOf.set(seriesSelector(s.name, s.labels), point.transport);
  }
  return prometheusSeries(points).map((series) => {
    const selector = seriesSelector(series.name, series.labels);
    return {
      key: selector,
      label: selector,
      transport: transportOf.get(selector) ?? '',
      sentAtMs: probe.sentAtMs,
      fields: { value: series.value },
    };
  });
}

/** Each expected series summed over whatever extra labels Prometheus added (instance, scope), by its selector. */
const seriesValues: Pick<DeliveryLookup<number>, 'lookup' | 'arrived' | 'fields'> = {
  async lookup({ clients, pending }) {
    const found = await Promise.all(
      pending.map(async ({ key }) => ({ key, value: (await clients.prometheus.query(`sum(${key})`))[0]?.value })),
    );
    return found.filter((f) => f.value !== undefined).map(({ key, value }) => ({ key, record: value as number }));
  },
  // A counter that has not yet reached its value is still arriving; one past it was counted twice.
  arrived: (item, value) => value === item.fields['value'],
  fields: (value) => ({ value }),
};

/** The server's counter, histogram and gauge (gRPC) and the clients' counters (gRPC and HTTP), through Alloy. */
export const otlpMetrics = defineCase<number>({
  ...seriesValues,
  name: 'otlp-metrics',
  signal: 'metrics',
  hop: `workload->${pipeline}->prometheus remote_write`,
  budget: budgets.delivery.otlpMetrics,
  items: fromProbe(metricsProbe, (sent) =>
    seriesItems(
      sent,
      [...sent.items.flatMap((i) => i.metrics), ...sent.gauges].filter((p) => p.transport !== 'scrape'),
    ),
  ),
});

/** The server's prom-client counter and histogram, scraped from its /metrics. */
export const scrapedMetrics = defineCase<number>({
  ...seriesValues,
  name: 'scraped-metrics',
  signal: 'metrics',
  hop: 'prometheus scrape of workload:9464',
  budget: budgets.delivery.scrapedMetrics,
  items: fromProbe(metricsProbe, (sent) =>
    seriesItems(
      sent,
      sent.items.flatMap((i) => i.metrics).filter((p) => p.transport === 'scrape'),
    ),
  ),
});
