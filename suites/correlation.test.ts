/**
 * One request's trace, log line and exemplar lead to each other through Grafana's datasource links.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus stack/grafana
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ComponentClient } from '../fixtures/http/component-client.ts';
import { describePollFailure, pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { LokiApi, type StoredLogLine } from '../fixtures/signals/loki-api.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { TempoApi } from '../fixtures/signals/tempo-api.ts';
import type { SentItem } from '../fixtures/workload/probe-types.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const tempo = new TempoApi(stack.tempo);
const loki = new LokiApi(stack.loki);
const prometheus = new PrometheusApi(stack.prometheus);
const grafana = new ComponentClient({
  hop: 'grafana',
  baseUrl: stack.grafana,
  auth: { user: stack.grafanaUser, password: stack.grafanaPassword },
});
const runId = `${stack.runId}-correlation`;

interface DatasourceJson {
  exemplarTraceIdDestinations?: { name: string; datasourceUid: string }[];
  derivedFields?: { name: string; matcherRegex: string; datasourceUid: string }[];
  tracesToLogsV2?: { datasourceUid: string; filterByTraceID?: boolean; tags?: { key: string; value?: string }[] };
  tracesToMetrics?: { datasourceUid: string };
  serviceMap?: { datasourceUid: string };
}

const jsonData = async (uid: string): Promise<DatasourceJson> =>
  (await grafana.getJson<{ jsonData: DatasourceJson }>(`/api/datasources/uid/${uid}`)).jsonData;

describe('correlation: one request yields a trace, a log line and an exemplar that lead to each other', () => {
  let item: SentItem;
  let sentAtMs: number;
  let serverLine: StoredLogLine | undefined;

  beforeAll(async () => {
    if (!stack.workload) throw new Error('the stack runs without the synthetic workload');
    const probe = await new WorkloadClient(stack.workload).probe({ runId, count: 1 });
    item = probe.items[0] as SentItem;
    sentAtMs = probe.sentAtMs;
  });

  it('the trace, a log line carrying its trace id, and an exemplar pointing at it all arrive', async () => {
    const startSeconds = Math.floor(sentAtMs / 1000) - 60;
    const checks = {
      'trace in tempo (hop alloy->tempo)': async () => {
        const spans = await tempo.trace(item.traceId);
        if (!spans || spans.length < item.spans.length)
          throw new Error(`trace ${item.traceId}: ${spans?.length ?? 0} of ${item.spans.length} spans`);
      },
      'log line with the trace id in loki (hop alloy->loki)': async () => {
        const lines = await loki.queryRange(
          `{service_name="synthetic-server"} | trace_id="${item.traceId}"`,
          sentAtMs - 60_000,
          Date.now() + 1_000,
        );
        serverLine = lines[0];
        if (!serverLine) throw new Error(`no synthetic-server line with trace_id ${item.traceId}`);
      },
      'exemplar with the trace id in prometheus (hop prometheus scrape)': async () => {
        const exemplars = await prometheus.exemplars(
          `synthetic_http_request_duration_seconds_bucket{run_id="${runId}"}`,
          startSeconds,
          Math.ceil(Date.now() / 1000) + 1,
        );
        if (!exemplars.some((e) => e.labels['trace_id'] === item.traceId))
          throw new Error(`exemplar trace ids: ${exemplars.map((e) => e.labels['trace_id']).join(', ') || 'none'}`);
      },
    };
    const failures: string[] = [];
    const latencyMs: Record<string, number> = {};
    await Promise.all(
      Object.entries(checks).map(async ([what, check]) => {
        const outcome = await pollUntil(check, { what, timeoutMs: budgets.deliveryWaitMs });
        latencyMs[what] = Date.now() - sentAtMs;
        if (!outcome.ok) failures.push(describePollFailure(`${what}, trace ${item.traceId}`, outcome));
      }),
    );
    writeResults('correlation', { runId, traceId: item.traceId, latencyMs });
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it("Grafana's Loki derived field extracts the trace id from the real line and opens Tempo", async () => {
    const { derivedFields = [] } = await jsonData('loki');
    const toTempo = derivedFields.filter((f) => f.datasourceUid === 'tempo');
    expect(toTempo, 'loki datasource: no derived field leading to the tempo datasource').not.toHaveLength(0);
    const line = serverLine?.line ?? '';
    const extracted = toTempo.map((f) => new RegExp(f.matcherRegex).exec(line)?.[1]);
    expect(extracted, `loki derived fields ${JSON.stringify(toTempo)} on line "${line}"`).toContain(item.traceId);
  });

  it("Grafana's Prometheus exemplars lead to Tempo by the exemplar's trace_id label", async () => {
    const { exemplarTraceIdDestinations = [] } = await jsonData('prometheus');
    expect(exemplarTraceIdDestinations, 'prometheus datasource: exemplar destinations').toContainEqual(
      expect.objectContaining({ name: 'trace_id', datasourceUid: 'tempo' }),
    );
  });

  it("Grafana's Tempo links lead to the trace's logs in Loki and to Prometheus", async () => {
    const tempoJson = await jsonData('tempo');
    expect(tempoJson.tracesToLogsV2?.datasourceUid, 'tempo datasource: traces to logs').toBe('loki');
    expect(tempoJson.tracesToMetrics?.datasourceUid, 'tempo datasource: traces to metrics').toBe('prometheus');
    expect(tempoJson.serviceMap?.datasourceUid, 'tempo datasource: service map').toBe('prometheus');
    // The query Grafana builds from a span: its service.name as the mapped label, and the trace id as a line filter.
    const tag = tempoJson.tracesToLogsV2?.tags?.find((t) => t.key === 'service.name');
    expect(tag?.value, 'tempo datasource: traces to logs maps service.name to a Loki label').toBe('service_name');
    const logql = `{${tag?.value}="synthetic-server"} |= "${item.traceId}"`;
    const lines = await loki.queryRange(logql, sentAtMs - 60_000, Date.now() + 1_000);
    expect(lines.length, `trace-to-logs query ${logql} found nothing in Loki`).toBeGreaterThan(0);
  });
});
