/**
 * OTLP metrics reach Prometheus through Alloy; Prometheus scrapes the workload and keeps its exemplars.
 *
 * @covers stack/alloy stack/prometheus
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { awaitDeliveries } from '../fixtures/delivery/await-deliveries.ts';
import { DeliveryLedger } from '../fixtures/delivery/delivery-ledger.ts';
import { deliveryFailures } from '../fixtures/delivery/delivery-verdict.ts';
import { describePollFailure, pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import type { ProbeResult } from '../fixtures/workload/probe-types.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const prometheus = new PrometheusApi(stack.prometheus);
const runId = `${stack.runId}-metrics`;
const itemCount = 20;

/** A series the probe must produce, and the value it must reach: one "item" of metric delivery. */
interface ExpectedSeries {
  name: string;
  transport: 'grpc' | 'http' | 'scrape';
  promql: string;
  want: number;
}

describe('metrics: OTLP metrics via Alloy and scraped metrics reach Prometheus', () => {
  let probe: ProbeResult;
  const found = new Map<string, number>();
  // Every wait starts as soon as the probe is sent, so each latency is measured from its first poll on.
  let otlp: Promise<string[]>;
  let scraped: Promise<string[]>;
  let exemplars: Promise<string[]>;

  beforeAll(async () => {
    if (!stack.workload) throw new Error('the stack runs without the synthetic workload');
    probe = await new WorkloadClient(stack.workload).probe({ runId, count: itemCount });
    otlp = deliver(
      'otlp-metrics',
      'workload->alloy->prometheus remote_write',
      otlpSeries(),
      budgets.delivery.otlpMetrics,
    );
    scraped = deliver(
      'scraped-metrics',
      'prometheus scrape of workload:9464',
      scrapedSeries(),
      budgets.delivery.scrapedMetrics,
    );
    exemplars = exemplarsOfSentTraces();
  });

  function otlpSeries(): ExpectedSeries[] {
    const byTransport = (t: 'grpc' | 'http'): number => probe.items.filter((i) => i.transport === t).length;
    return [
      {
        name: 'server requests counter',
        transport: 'grpc',
        promql: `sum(synthetic_server_requests_total{job="synthetic-server", run_id="${runId}", outcome="ok"})`,
        want: itemCount,
      },
      {
        name: 'server duration histogram count',
        transport: 'grpc',
        promql: `sum(synthetic_server_duration_seconds_count{job="synthetic-server", run_id="${runId}"})`,
        want: itemCount,
      },
      {
        name: 'server duration histogram +Inf bucket',
        transport: 'grpc',
        promql: `sum(synthetic_server_duration_seconds_bucket{run_id="${runId}", le="+Inf"})`,
        want: itemCount,
      },
      {
        name: 'server in-flight gauge',
        transport: 'grpc',
        promql: `count(synthetic_server_inflight{job="synthetic-server"} == 0)`,
        want: 1,
      },
      {
        name: 'client requests counter (grpc)',
        transport: 'grpc',
        promql: `sum(synthetic_client_requests_total{job="synthetic-client", run_id="${runId}", transport="grpc"})`,
        want: byTransport('grpc'),
      },
      {
        name: 'client requests counter (http)',
        transport: 'http',
        promql: `sum(synthetic_client_requests_total{job="synthetic-client", run_id="${runId}", transport="http"})`,
        want: byTransport('http'),
      },
    ];
  }

  function scrapedSeries(): ExpectedSeries[] {
    return [
      {
        name: 'scraped requests counter',
        transport: 'scrape',
        promql: `sum(synthetic_http_requests_total{job="synthetic-server", run_id="${runId}"})`,
        want: itemCount,
      },
      {
        name: 'scraped duration histogram count',
        transport: 'scrape',
        promql: `sum(synthetic_http_request_duration_seconds_count{job="synthetic-server", run_id="${runId}"})`,
        want: itemCount,
      },
    ];
  }

  /** Failures of the exemplar check: none found, or exemplars naming traces the probe never sent. */
  async function exemplarsOfSentTraces(): Promise<string[]> {
    const sentTraces = new Set(probe.items.map((i) => i.traceId));
    const promql = `synthetic_http_request_duration_seconds_bucket{run_id="${runId}"}`;
    const outcome = await pollUntil(
      async () => {
        const exemplars = await prometheus.exemplars(
          promql,
          Math.floor(probe.sentAtMs / 1000) - 60,
          Math.ceil(Date.now() / 1000) + 1,
        );
        if (exemplars.length === 0) throw new Error(`no exemplars for ${promql}`);
        return exemplars;
      },
      { what: 'exemplars', timeoutMs: budgets.deliveryWaitMs },
    );
    if (!outcome.ok)
      return [describePollFailure(`prometheus exemplars of ${promql} (hop prometheus scrape, OpenMetrics)`, outcome)];
    const exemplars = outcome.value ?? [];
    writeResults('exemplars', { runId, promql, foundAfterMs: Date.now() - probe.sentAtMs, exemplars });
    const strangers = exemplars
      .filter((e) => !sentTraces.has(e.labels['trace_id'] ?? ''))
      .map((e) => e.labels['trace_id'] ?? JSON.stringify(e.labels));
    return strangers.length > 0
      ? [`prometheus exemplars of ${promql}: trace ids the probe never sent: ${strangers.join(', ')}`]
      : [];
  }

  async function deliver(
    ledgerName: string,
    hop: string,
    series: ExpectedSeries[],
    budget: { p95Ms: number; maxMs: number },
  ): Promise<string[]> {
    const ledger = new DeliveryLedger(ledgerName, hop);
    for (const s of series) ledger.recordSent(s.name, probe.sentAtMs, s.transport);
    const started = Date.now();
    const outcome = await awaitDeliveries(
      ledger,
      async () => {
        const seen: string[] = [];
        for (const s of series) {
          const value = (await prometheus.query(s.promql))[0]?.value;
          if (value !== undefined) found.set(s.name, value);
          if (value === s.want) seen.push(s.name);
        }
        return seen;
      },
      { sentAtMs: probe.sentAtMs, timeoutMs: budgets.deliveryWaitMs },
    );
    writeResults(`delivery-${ledgerName}`, {
      runId,
      budget,
      series,
      overall: outcome,
      byTransport: ledger.reportByGroup(),
    });
    const failures = deliveryFailures(outcome, budget, Date.now() - started);
    for (const name of outcome.missing) {
      const s = series.find((e) => e.name === name) as ExpectedSeries;
      failures.push(`${name}: ${s.promql} = ${found.get(name) ?? 'no series'}, sent ${s.want} (hop ${hop})`);
    }
    return failures;
  }

  it('counter, histogram and gauge sent over OTLP gRPC and HTTP arrive with their names, labels and values', async () => {
    const failures = await otlp;
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it("the server's /metrics is scraped", async () => {
    const failures = await scraped;
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('exemplars link the scraped histogram to traces that were sent', async () => {
    const failures = await exemplars;
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
