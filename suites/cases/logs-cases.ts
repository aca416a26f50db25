import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { fromProbe } from '../../fixtures/delivery/from-probe.ts';
import type { DeliveryLookup, ExpectedItem } from '../../fixtures/delivery/delivery-case.ts';
import type { StoredLogLine } from '../../fixtures/signals/loki-api.ts';
import type { ProbeResult } from '../../fixtures/workload/probe-types.ts';
import { budgets } from '../budgets.ts';
import { pipelineUnderTest } from '../../fixtures/stack/pipeline.ts';

/** The pipeline under test (Alloy, or the collector in its place), for the hops messages name. */
const pipeline = pipelineUnderTest();

/** Loki keeps OTLP log attributes as structured metadata, with dots turned into underscores. */
const metadataName = (key: string): string => key.replace(/\./g, '_');

/** Every line the workload sent, keyed `<item>/<service>`, with what Loki must hold for it. */
function sentLines(probe: ProbeResult): ExpectedItem[] {
  return probe.items.flatMap((item) =>
    item.logs.map((log) => ({
      key: `${item.itemId}/${log.service}`,
      label: `${log.service} line of item ${item.itemId}`,
      transport: log.transport,
      sentAtMs: probe.sentAtMs,
      fields: {
        line: log.body,
        labels: {
          severity_text: log.severityText,
          trace_id: log.traceId,
          span_id: log.spanId,
          ...Object.fromEntries(Object.entries(log.attributes).map(([key, value]) => [metadataName(key), value])),
        },
      },
    })),
  );
}

/** The workload's lines of one run, read back from Loki and keyed as they were sent. */
const workloadLines: DeliveryLookup<StoredLogLine> = {
  signal: 'logs',
  hop: `workload->${pipeline}->loki`,
  budget: budgets.delivery.logs,
  async lookup({ clients, runId, sinceMs }) {
    const logql = `{service_name=~"synthetic-(server|client)"} | harness_run_id="${runId}"`;
    const lines = await clients.loki.queryRange(logql, sinceMs - 300_000, Date.now() + 1_000);
    return lines.map((record) => ({
      key: `${record.labels['harness_item_id']}/${record.labels['service_name']}`,
      record,
    }));
  },
  fields: (record) => ({ line: record.line, labels: record.labels }),
};

export const logsProbe = { count: 20 };

export const otlpLogs = defineCase<StoredLogLine>({
  ...workloadLines,
  name: 'logs',
  items: fromProbe(logsProbe, sentLines),
});

/** Lines of 10 kB, over both transports: well past Alloy's and Loki's defaults for a typical line. */
export const largeLogLines = defineCase<StoredLogLine>({
  ...workloadLines,
  name: 'logs-10kb',
  items: fromProbe({ count: 4, logBodyBytes: 10_240 }, sentLines),
});

/** Lines pushed straight to Loki's push API: the ingester alone, no Alloy. */
export const lokiPush = defineCase<StoredLogLine>({
  name: 'loki-push',
  signal: 'logs',
  hop: 'harness->loki push',
  budget: budgets.delivery.lokiPush,
  async items({ clients, runId }) {
    const pushRun = `${runId}-push`;
    const now = Date.now();
    const lines = Array.from({ length: 10 }, (_, i) => ({
      timestampMs: now,
      line: `direct push ${pushRun} line ${i}`,
    }));
    await clients.loki.push({ service_name: 'harness-direct-push', harness_run_id: pushRun }, lines);
    const sentAtMs = Date.now();
    const items = lines.map(({ line }) => ({
      key: line,
      label: `pushed "${line}"`,
      transport: 'push',
      sentAtMs,
      fields: { line },
    }));
    return { runId: pushRun, items };
  },
  async lookup({ clients, runId, sinceMs }) {
    const logql = `{service_name="harness-direct-push", harness_run_id="${runId}"}`;
    return (await clients.loki.queryRange(logql, sinceMs - 60_000, Date.now() + 1_000)).map((record) => ({
      key: record.line,
      record,
    }));
  },
  fields: (record) => ({ line: record.line }),
});
