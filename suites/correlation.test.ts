/**
 * One request's trace, log line and exemplar lead to each other through Grafana's datasource links.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus stack/grafana
 */
import { describe, expect } from 'vitest';
import { pollFailures } from '../fixtures/failures/failure.ts';
import type { ComponentClient } from '../fixtures/http/component-client.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import type { StoredLogLine } from '../fixtures/signals/loki-api.ts';
import { budgets } from './budgets.ts';
import { test as harnessTest } from './harness-test.ts';
import { pipelineUnderTest } from '../fixtures/stack/pipeline.ts';

/** The pipeline under test (Alloy, or the collector in its place), for the hops messages name. */
const pipeline = pipelineUnderTest();

interface DatasourceJson {
  exemplarTraceIdDestinations?: { name: string; datasourceUid: string }[];
  derivedFields?: { name: string; matcherRegex: string; datasourceUid: string }[];
  tracesToLogsV2?: { datasourceUid: string; filterByTraceID?: boolean; tags?: { key: string; value?: string }[] };
  tracesToMetrics?: { datasourceUid: string };
  serviceMap?: { datasourceUid: string };
}

const jsonData = async (grafana: ComponentClient, uid: string): Promise<DatasourceJson> =>
  (await grafana.getJson<{ jsonData: DatasourceJson }>(`/api/datasources/uid/${uid}`)).jsonData;

/** One request, and the three places it must show up: waited for at once, right after the request. */
const test = harnessTest.extend('request', { scope: 'file' }, async ({ stack, clients, workload }) => {
  const probe = await workload.probe({ runId: `${stack.runId}-correlation`, count: 1 });
  const [item] = probe.items;
  if (!item) throw new Error(`workload probe ${probe.runId} returned no item`);
  const { tempo, loki, prometheus } = clients;
  let serverLine: StoredLogLine | undefined;
  const checks = {
    [`${pipeline}->tempo`]: async () => {
      const spans = await tempo.trace(item.traceId);
      if (!spans || spans.length < item.spans.length)
        throw new Error(`trace ${item.traceId}: ${spans?.length ?? 0} of ${item.spans.length} spans`);
    },
    [`${pipeline}->loki`]: async () => {
      const lines = await loki.queryRange(
        `{service_name="synthetic-server"} | trace_id="${item.traceId}"`,
        probe.sentAtMs - 60_000,
        Date.now() + 1_000,
      );
      serverLine = lines[0];
      if (!serverLine) throw new Error(`no synthetic-server line with trace_id ${item.traceId}`);
    },
    'prometheus scrape (exemplar)': async () => {
      const exemplars = await prometheus.exemplars(
        `synthetic_http_request_duration_seconds_bucket{run_id="${probe.runId}"}`,
        Math.floor(probe.sentAtMs / 1000) - 60,
        Math.ceil(Date.now() / 1000) + 1,
      );
      if (!exemplars.some((e) => e.labels['trace_id'] === item.traceId)) {
        throw new Error(`exemplar trace ids: ${exemplars.map((e) => e.labels['trace_id']).join(', ') || 'none'}`);
      }
    },
  };
  const latencyMs: Record<string, number> = {};
  const failures = await Promise.all(
    Object.entries(checks).map(async ([hop, check]) => {
      const outcome = await pollUntil(check, { what: hop, timeoutMs: budgets.deliveryWaitMs });
      latencyMs[hop] = Date.now() - probe.sentAtMs;
      return pollFailures(outcome, {
        hop,
        rule: 'carries the trace id',
        expected: `trace ${item.traceId} of item ${item.itemId}`,
      });
    }),
  );
  writeResults('correlation', { runId: probe.runId, traceId: item.traceId, latencyMs });
  return { item, probe, serverLine, failures: failures.flat() };
});

describe('correlation: one request yields a trace, a log line and an exemplar that lead to each other', () => {
  test('the trace, a log line carrying its trace id, and an exemplar pointing at it all arrive', async ({
    request,
  }) => {
    expect(request.failures).toHaveNoFailures();
  });

  test("Grafana's Loki derived field extracts the trace id from the real line and opens Tempo", async ({
    request,
    clients,
  }) => {
    const { derivedFields = [] } = await jsonData(clients.grafana, 'loki');
    const toTempo = derivedFields.filter((f) => f.datasourceUid === 'tempo');
    expect(toTempo, 'loki datasource: no derived field leading to the tempo datasource').not.toHaveLength(0);
    const line = request.serverLine?.line ?? '';
    const extracted = toTempo.map((f) => new RegExp(f.matcherRegex).exec(line)?.[1]);
    expect(extracted, `loki derived fields ${JSON.stringify(toTempo)} on line "${line}"`).toContain(
      request.item.traceId,
    );
  });

  test("Grafana's Prometheus exemplars lead to Tempo by the exemplar's trace_id label", async ({ clients }) => {
    const { exemplarTraceIdDestinations = [] } = await jsonData(clients.grafana, 'prometheus');
    expect(exemplarTraceIdDestinations, 'prometheus datasource: exemplar destinations').toContainEqual(
      expect.objectContaining({ name: 'trace_id', datasourceUid: 'tempo' }),
    );
  });

  test("Grafana's Tempo links lead to the trace's logs in Loki and to Prometheus", async ({ request, clients }) => {
    const tempoJson = await jsonData(clients.grafana, 'tempo');
    expect(tempoJson.tracesToLogsV2?.datasourceUid, 'tempo datasource: traces to logs').toBe('loki');
    expect(tempoJson.tracesToMetrics?.datasourceUid, 'tempo datasource: traces to metrics').toBe('prometheus');
    expect(tempoJson.serviceMap?.datasourceUid, 'tempo datasource: service map').toBe('prometheus');
    // The query Grafana builds from a span: its service.name as the mapped label, and the trace id as a line filter.
    const tag = tempoJson.tracesToLogsV2?.tags?.find((t) => t.key === 'service.name');
    expect(tag?.value, 'tempo datasource: traces to logs maps service.name to a Loki label').toBe('service_name');
    const logql = `{${tag?.value}="synthetic-server"} |= "${request.item.traceId}"`;
    const lines = await clients.loki.queryRange(logql, request.probe.sentAtMs - 60_000, Date.now() + 1_000);
    expect(lines.length, `trace-to-logs query ${logql} found nothing in Loki`).toBeGreaterThan(0);
  });
});
