/**
 * OTLP traces from the workload reach Tempo through Alloy; Tempo's metrics-generator writes to Prometheus.
 *
 * @covers stack/alloy stack/tempo stack/prometheus
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { awaitDeliveries } from '../fixtures/delivery/await-deliveries.ts';
import { DeliveryLedger } from '../fixtures/delivery/delivery-ledger.ts';
import { deliveryFailures } from '../fixtures/delivery/delivery-verdict.ts';
import { describePollFailure, pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { TempoApi, type StoredSpan } from '../fixtures/signals/tempo-api.ts';
import type { ProbeResult, SentItem, SentSpan } from '../fixtures/workload/probe-types.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const tempo = new TempoApi(stack.tempo);
const prometheus = new PrometheusApi(stack.prometheus);
const runId = `${stack.runId}-traces`;
const itemCount = 20;

/** The fields of a span both sides know, in one comparable form. */
function comparable(span: SentSpan | StoredSpan): string {
  return `${span.service} ${span.kind} "${span.name}" ${span.spanId} <- ${span.parentSpanId ?? 'root'}`;
}

describe('traces: OTLP traces via Alloy reach Tempo', () => {
  let probe: ProbeResult;
  const stored = new Map<string, StoredSpan[]>();
  // Every wait starts as soon as the probe is sent, so each latency is measured from its first poll on.
  let byId: Promise<string[]>;
  let search: Promise<string[]>;
  let generatedCheck: Promise<string[]>;

  // The generated series count every span the stack has seen; this probe's spans are what they gain from here.
  const generated = {
    spanMetrics: `sum(traces_spanmetrics_calls_total{service="synthetic-server", span_name="GET /work"})`,
    serviceGraph: `sum(traces_service_graph_request_total{client="synthetic-client", server="synthetic-server"})`,
  };
  const baseline: Record<string, number> = {};

  beforeAll(async () => {
    if (!stack.workload) throw new Error('the stack runs without the synthetic workload');
    for (const [name, promql] of Object.entries(generated))
      baseline[name] = (await prometheus.query(promql))[0]?.value ?? 0;
    probe = await new WorkloadClient(stack.workload).probe({ runId, count: itemCount });
    byId = tracesById();
    search = tracesBySearch();
    generatedCheck = generatedSeries();
  });

  it('every trace is found by id, complete, over both transports, within budget', async () => {
    const failures = await byId;
    expect(failures, failures.join('\n')).toEqual([]);
  });

  async function tracesById(): Promise<string[]> {
    const ledger = new DeliveryLedger('traces', 'workload->alloy->tempo');
    for (const item of probe.items) ledger.recordSent(item.traceId, probe.sentAtMs, `client ${item.transport}`);
    const byTrace = new Map(probe.items.map((item) => [item.traceId, item]));
    const started = Date.now();
    const outcome = await awaitDeliveries(
      ledger,
      async () => {
        const seen: string[] = [];
        for (const traceId of ledger.pendingIds()) {
          const spans = await tempo.trace(traceId);
          const item = byTrace.get(traceId) as SentItem;
          // Complete once every span sent is there: client and server export separately.
          if (!spans || !item.spans.every((s) => spans.some((stored) => stored.spanId === s.spanId))) continue;
          stored.set(traceId, spans);
          seen.push(traceId);
          if (new Set(spans.map((s) => s.spanId)).size < spans.length) seen.push(traceId);
        }
        return seen;
      },
      { sentAtMs: probe.sentAtMs, timeoutMs: budgets.deliveryWaitMs },
    );
    const groups = ledger.reportByGroup();
    writeResults('delivery-traces', {
      runId,
      budget: budgets.delivery.traceById,
      overall: outcome,
      byTransport: groups,
    });
    return [
      ...deliveryFailures(outcome, budgets.delivery.traceById, Date.now() - started),
      ...Object.values(groups).flatMap((g) =>
        deliveryFailures(
          { ...g, polls: outcome.polls, lastFailure: outcome.lastFailure },
          budgets.delivery.traceById,
          Date.now() - started,
        ),
      ),
    ];
  }

  it('each trace has exactly the spans sent, with their parent links and attributes', async () => {
    await byId;
    expect(stored.size, 'no traces fetched to compare').toBe(probe.items.length);
    const problems: string[] = [];
    for (const item of probe.items) {
      const spans = stored.get(item.traceId) ?? [];
      const got = spans.map(comparable).sort();
      const want = item.spans.map(comparable).sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(
          `tempo trace ${item.traceId} (item ${item.itemId}, ${item.transport}): spans differ\n  sent:   ${want.join('\n          ')}\n  stored: ${got.join('\n          ')}`,
        );
      }
      for (const span of spans) {
        if (span.attributes['harness.item_id'] !== item.itemId)
          problems.push(
            `tempo trace ${item.traceId}: span ${span.name} has harness.item_id ${span.attributes['harness.item_id']}, sent ${item.itemId}`,
          );
      }
      const server = spans.find((s) => s.kind === 'server');
      if (server?.attributes['http.route'] !== '/work')
        problems.push(`tempo trace ${item.traceId}: server span http.route ${server?.attributes['http.route']}`);
    }
    expect(problems, problems.slice(0, 5).join('\n')).toEqual([]);
  });

  it('TraceQL search finds every trace of the run', async () => {
    const failures = await search;
    expect(failures, failures.join('\n')).toEqual([]);
  });

  async function tracesBySearch(): Promise<string[]> {
    const ledger = new DeliveryLedger('traces', 'tempo TraceQL search');
    for (const item of probe.items) ledger.recordSent(item.traceId, probe.sentAtMs);
    const traceql = `{ span.harness.run_id = "${runId}" }`;
    const started = Date.now();
    const outcome = await awaitDeliveries(
      ledger,
      () => tempo.search(traceql, Math.floor(probe.sentAtMs / 1000) - 300, Math.ceil(Date.now() / 1000) + 1),
      {
        sentAtMs: probe.sentAtMs,
        timeoutMs: budgets.deliveryWaitMs,
      },
    );
    writeResults('delivery-traceql', { runId, traceql, budget: budgets.delivery.traceSearch, outcome });
    return deliveryFailures(outcome, budgets.delivery.traceSearch, Date.now() - started);
  }

  it("Tempo's metrics-generator writes span metrics and service-graph series to Prometheus", async () => {
    const failures = await generatedCheck;
    expect(failures, failures.join('\n')).toEqual([]);
  });

  async function generatedSeries(): Promise<string[]> {
    const measured: Record<string, number> = {};
    const failures: string[] = [];
    await Promise.all(
      Object.entries(generated).map(async ([name, promql]) => {
        const outcome = await pollUntil(
          async () => {
            const [sample] = await prometheus.query(promql);
            const want = (baseline[name] ?? 0) + itemCount;
            if (!sample || sample.value < want)
              throw new Error(
                `${promql} = ${sample?.value ?? 'no series'}, want >= ${want} (${baseline[name]} before the probe + ${itemCount})`,
              );
            return sample.value;
          },
          { what: name, timeoutMs: budgets.deliveryWaitMs, maxIntervalMs: 2_000 },
        );
        measured[name] = Date.now() - probe.sentAtMs;
        if (!outcome.ok)
          failures.push(describePollFailure(`${name} (hop tempo metrics-generator->prometheus)`, outcome));
        else if (measured[name] > budgets.delivery.generatedMetrics.maxMs) {
          failures.push(
            `${name} (hop tempo metrics-generator->prometheus): ${measured[name]} ms over budget ${budgets.delivery.generatedMetrics.maxMs} ms`,
          );
        }
      }),
    );
    writeResults('delivery-generated-metrics', {
      budget: budgets.delivery.generatedMetrics,
      latencyMs: measured,
      baseline,
      series: generated,
    });
    return failures;
  }
});
