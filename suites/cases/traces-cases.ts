import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { fromProbe } from '../../fixtures/delivery/from-probe.ts';
import type { StoredSpan } from '../../fixtures/signals/tempo-api.ts';
import { budgets } from '../budgets.ts';
import { pipelineUnderTest } from '../../fixtures/stack/pipeline.ts';

/** The pipeline under test (Alloy, or the collector in its place), for the hops messages name. */
const pipeline = pipelineUnderTest();

/** The probe the traces suite's cases share: 20 items, each a client span, a server span and its child. */
export const tracesProbe = { count: 20 };

/** Every span sent, found by fetching its trace by id: parent links, names, kinds, services and attributes. */
export const tracesById = defineCase<StoredSpan>({
  name: 'traces',
  signal: 'traces',
  hop: `workload->${pipeline}->tempo`,
  budget: budgets.delivery.traceById,
  items: fromProbe(tracesProbe, (sent) =>
    sent.items.flatMap((item) =>
      item.spans.map((span, i) => ({
        key: `${item.traceId}/${span.spanId}`,
        label: `trace ${item.traceId.slice(0, 8)}… span ${i} (${span.service} "${span.name}")`,
        transport: span.transport,
        sentAtMs: sent.sentAtMs,
        fields: {
          service: span.service,
          kind: span.kind,
          name: span.name,
          parentSpanId: span.parentSpanId,
          attributes: span.attributes,
        },
      })),
    ),
  ),
  async lookup({ clients, pending }) {
    // Client and server export separately: a trace is fetched again until every span sent is in it.
    const traceIds = [...new Set(pending.map((item) => item.key.split('/')[0] as string))];
    const found = [];
    for (const traceId of traceIds) {
      for (const record of (await clients.tempo.trace(traceId)) ?? [])
        found.push({ key: `${traceId}/${record.spanId}`, record });
    }
    return found;
  },
  fields: ({ service, kind, name, parentSpanId, attributes }) => ({ service, kind, name, parentSpanId, attributes }),
});

/** Every trace of the run, found by TraceQL search once the ingester has cut it from live traces. */
export const tracesBySearch = defineCase<string>({
  name: 'traceql',
  signal: 'traces',
  hop: 'tempo TraceQL search',
  budget: budgets.delivery.traceSearch,
  items: fromProbe(tracesProbe, (sent) =>
    sent.items.map((item) => ({
      key: item.traceId,
      label: `trace ${item.traceId}`,
      transport: item.transport,
      sentAtMs: sent.sentAtMs,
      fields: {},
    })),
  ),
  async lookup({ clients, runId, sinceMs }) {
    const traceql = `{ span.harness.run_id = "${runId}" }`;
    const ids = await clients.tempo.search(traceql, Math.floor(sinceMs / 1000) - 300, Math.ceil(Date.now() / 1000) + 1);
    return ids.map((id) => ({ key: id, record: id }));
  },
});

/** Series the metrics-generator derives from every span it sees; the probe's spans are what they gain. */
const generatedSeries: Record<string, string> = {
  'span metrics calls': 'sum(traces_spanmetrics_calls_total{service="synthetic-server", span_name="GET /work"})',
  'service graph requests':
    'sum(traces_service_graph_request_total{client="synthetic-client", server="synthetic-server"})',
};

/** Tempo's metrics-generator writes span metrics and service-graph series to Prometheus for the probe's traces. */
export const generatedMetrics = defineCase<number>({
  name: 'generated-metrics',
  signal: 'metrics',
  hop: 'tempo metrics-generator->prometheus',
  budget: budgets.delivery.generatedMetrics,
  // Read before any probe is sent: what the series already count is earlier traffic.
  baseline: async (clients) =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(generatedSeries).map(async ([name, promql]) => [
          name,
          (await clients.prometheus.query(promql))[0]?.value ?? 0,
        ]),
      ),
    ),
  items: fromProbe(tracesProbe, (sent, before) =>
    Object.entries(generatedSeries).map(([name, promql]) => ({
      key: name,
      label: `${name}: ${promql}`,
      transport: 'metrics-generator',
      sentAtMs: sent.sentAtMs,
      fields: { atLeast: (before[name] ?? 0) + sent.items.length, before: before[name] ?? 0 },
    })),
  ),
  async lookup({ clients, pending }) {
    return Promise.all(
      pending.map(async ({ key }) => ({
        key,
        record: (await clients.prometheus.query(generatedSeries[key] ?? ''))[0]?.value ?? 0,
      })),
    );
  },
  arrived: (item, value) => value >= (item.fields['atLeast'] as number),
});
