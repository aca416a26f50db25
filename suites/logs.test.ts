/**
 * OTLP logs from the workload reach Loki through Alloy, and a direct push reaches Loki.
 *
 * @covers stack/alloy stack/loki
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { awaitDeliveries } from '../fixtures/delivery/await-deliveries.ts';
import { DeliveryLedger } from '../fixtures/delivery/delivery-ledger.ts';
import { deliveryFailures } from '../fixtures/delivery/delivery-verdict.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { LokiApi, type StoredLogLine } from '../fixtures/signals/loki-api.ts';
import type { ProbeResult } from '../fixtures/workload/probe-types.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const loki = new LokiApi(stack.loki);
const runId = `${stack.runId}-logs`;
const itemCount = 20;

/** Every line of this run the workload sent, as `<item>/<server|client>`, read back from Loki. */
const runQuery = `{service_name=~"synthetic-(server|client)"} | harness_run_id="${runId}"`;
const lineId = (line: StoredLogLine): string =>
  `${line.labels['harness_item_id']}/${line.labels['service_name'] === 'synthetic-server' ? 'server' : 'client'}`;

describe('logs: OTLP logs via Alloy reach Loki', () => {
  let probe: ProbeResult;
  let lines: StoredLogLine[] = [];

  beforeAll(async () => {
    if (!stack.workload) throw new Error('the stack runs without the synthetic workload');
    probe = await new WorkloadClient(stack.workload).probe({ runId, count: itemCount });
  });

  it('every line arrives once, over both transports, within budget', async () => {
    const ledger = new DeliveryLedger('logs', 'workload->alloy->loki');
    for (const item of probe.items) {
      // The server exports over gRPC; each client over its own transport.
      ledger.recordSent(`${item.itemId}/server`, probe.sentAtMs, 'server grpc');
      ledger.recordSent(`${item.itemId}/client`, probe.sentAtMs, `client ${item.transport}`);
    }
    const started = Date.now();
    const outcome = await awaitDeliveries(
      ledger,
      async () => {
        lines = await loki.queryRange(runQuery, probe.sentAtMs - 300_000, Date.now() + 1_000);
        return lines.map(lineId);
      },
      { sentAtMs: probe.sentAtMs, timeoutMs: budgets.deliveryWaitMs },
    );
    const groups = ledger.reportByGroup();
    writeResults('delivery-logs', {
      runId,
      query: runQuery,
      budget: budgets.delivery.logs,
      overall: outcome,
      byTransport: groups,
    });
    const failures = [
      ...deliveryFailures(outcome, budgets.delivery.logs, Date.now() - started),
      ...Object.values(groups).flatMap((g) =>
        deliveryFailures(
          { ...g, polls: outcome.polls, lastFailure: outcome.lastFailure },
          budgets.delivery.logs,
          Date.now() - started,
        ),
      ),
    ];
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('lines carry the intended labels and structured metadata (trace id, span id, severity)', () => {
    expect(lines.length, `no lines of run ${runId} in Loki to inspect`).toBeGreaterThan(0);
    const byItem = new Map(probe.items.map((item) => [item.itemId, item]));
    const problems: string[] = [];
    for (const line of lines) {
      const id = lineId(line);
      const item = byItem.get(line.labels['harness_item_id'] ?? '');
      const expected = item?.spans.find((s) => s.service === line.labels['service_name']);
      const check = (what: string, actual: string | undefined, wanted: string | undefined): void => {
        if (actual !== wanted)
          problems.push(
            `loki line ${id}: ${what} is ${actual ?? 'absent'}, expected ${wanted ?? 'absent'} (labels ${JSON.stringify(line.labels)})`,
          );
      };
      check('trace_id', line.labels['trace_id'], item?.traceId);
      check('span_id', line.labels['span_id'], expected?.kind === 'server' ? expected.spanId : item?.spans[0]?.spanId);
      check('severity_text', line.labels['severity_text'], 'INFO');
      check('harness_run_id', line.labels['harness_run_id'], runId);
      if (!line.line.includes(line.labels['harness_item_id'] ?? '\0'))
        problems.push(`loki line ${id}: body "${line.line}" does not name its item`);
    }
    expect(problems, problems.slice(0, 10).join('\n')).toEqual([]);
  });

  it('LogQL finds the lines by structured metadata: an error-free run has no error lines', async () => {
    const errors = await loki.queryRange(
      `{service_name="synthetic-server"} | harness_run_id="${runId}" | severity_text="ERROR"`,
      probe.sentAtMs - 300_000,
      Date.now(),
    );
    const oneTrace = probe.items[0]?.traceId ?? '';
    const byTrace = await loki.queryRange(
      `{service_name=~"synthetic-.*"} | trace_id="${oneTrace}"`,
      probe.sentAtMs - 300_000,
      Date.now(),
    );
    expect(errors.map(lineId), 'LogQL severity filter: error lines in a run that sent none').toEqual([]);
    expect(byTrace.map(lineId).sort(), `LogQL trace_id filter for ${oneTrace}`).toEqual([
      `${probe.items[0]?.itemId}/client`,
      `${probe.items[0]?.itemId}/server`,
    ]);
  });

  it("a line pushed straight to Loki's push API is found", async () => {
    const ledger = new DeliveryLedger('logs', 'harness->loki push');
    const pushRun = `${runId}-push`;
    const now = Date.now();
    const pushed = Array.from({ length: 10 }, (_, i) => ({
      timestampMs: now,
      line: `direct push ${pushRun} line ${i}`,
    }));
    await loki.push({ service_name: 'harness-direct-push', harness_run_id: pushRun }, pushed);
    const sentAtMs = Date.now();
    for (const p of pushed) ledger.recordSent(p.line, sentAtMs);
    const outcome = await awaitDeliveries(
      ledger,
      async () =>
        (
          await loki.queryRange(
            `{service_name="harness-direct-push", harness_run_id="${pushRun}"}`,
            now - 60_000,
            Date.now() + 1_000,
          )
        ).map((l) => l.line),
      { sentAtMs, timeoutMs: budgets.deliveryWaitMs },
    );
    writeResults('delivery-loki-push', { budget: budgets.delivery.lokiPush, outcome });
    const failures = deliveryFailures(outcome, budgets.delivery.lokiPush, Date.now() - sentAtMs);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
