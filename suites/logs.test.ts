/**
 * OTLP logs from the workload reach Loki through Alloy, and a direct push reaches Loki.
 *
 * @covers stack/alloy stack/loki
 */
import { describe, expect } from 'vitest';
import { deliveryRules } from '../fixtures/delivery/delivery-failures.ts';
import type { StoredLogLine } from '../fixtures/signals/loki-api.ts';
import { largeLogLines, logsProbe, lokiPush, otlpLogs } from './cases/logs-cases.ts';
import { withDeliveries } from './harness-test.ts';

const test = withDeliveries('logs', [otlpLogs, largeLogLines, lokiPush]);

describe('logs: OTLP logs via Alloy reach Loki', () => {
  test('every line arrives once, over both transports, within budget', async ({ deliveries }) => {
    expect(await deliveries.result(otlpLogs.name)).toHaveNoFailures({ except: [deliveryRules.storedAsSent] });
  });

  test('lines carry the intended labels and structured metadata (trace id, span id, severity)', async ({
    deliveries,
  }) => {
    const result = await deliveries.result(otlpLogs.name);
    expect(result.overall.received, `no lines of run ${result.runId} in Loki to inspect`).toBeGreaterThan(0);
    expect(result).toHaveNoFailures({ rules: [deliveryRules.storedAsSent] });
  });

  test('LogQL finds the lines by structured metadata: an error-free run has no error lines', async ({
    deliveries,
    clients,
  }) => {
    await deliveries.result(otlpLogs.name);
    const probe = await deliveries.probe(logsProbe);
    const lineId = (line: StoredLogLine): string => `${line.labels['harness_item_id']}/${line.labels['service_name']}`;
    const since = probe.sentAtMs - 300_000;
    const errors = await clients.loki.queryRange(
      `{service_name="synthetic-server"} | harness_run_id="${probe.runId}" | severity_text="ERROR"`,
      since,
      Date.now(),
    );
    expect(errors.map(lineId), 'LogQL severity filter: error lines in a run that sent none').toEqual([]);
    const [first] = probe.items;
    const byTrace = await clients.loki.queryRange(
      `{service_name=~"synthetic-.*"} | trace_id="${first?.traceId}"`,
      since,
      Date.now(),
    );
    const sent = first?.logs.map((log) => `${first.itemId}/${log.service}`).sort();
    expect(byTrace.map(lineId).sort(), `LogQL trace_id filter for ${first?.traceId}`).toEqual(sent);
  });

  test('lines of 10 kB arrive whole, over both transports, within budget', async ({ deliveries }) => {
    expect(await deliveries.result(largeLogLines.name)).toHaveNoFailures();
  });

  test("a line pushed straight to Loki's push API is found", async ({ deliveries }) => {
    expect(await deliveries.result(lokiPush.name)).toHaveNoFailures();
  });
});
