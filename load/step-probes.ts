import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { LokiApi } from '../fixtures/signals/loki-api.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { TempoApi } from '../fixtures/signals/tempo-api.ts';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import type { LoadSignal, StepMark } from './load-profile.ts';

/**
 * Delivery probes beside the load: single events with ids of their own, sent through the same receiver as the
 * load and looked up the way a user would query them. Their emit-to-queryable latency is the step's latency.
 */
const probeService = 'load-probe';
const probeMetric = 'load_probe';

function probeBody(signal: LoadSignal, id: string, mark: StepMark): unknown {
  const now = `${BigInt(Date.now()) * 1_000_000n}`;
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: probeService } }] };
  const attributes = [
    { key: 'load.run', value: { stringValue: mark.runId } },
    { key: 'load.step', value: { stringValue: mark.step } },
    { key: 'probe.id', value: { stringValue: id } },
  ];
  if (signal === 'logs')
    return {
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: now, severityText: 'INFO', body: { stringValue: `probe ${id}` }, attributes },
              ],
            },
          ],
        },
      ],
    };
  if (signal === 'traces') {
    return {
      resourceSpans: [
        {
          resource,
          scopeSpans: [
            {
              spans: [
                {
                  traceId: id,
                  spanId: id.slice(0, 16),
                  name: 'probe',
                  kind: 2,
                  startTimeUnixNano: now,
                  endTimeUnixNano: now,
                  attributes,
                },
              ],
            },
          ],
        },
      ],
    };
  }
  return {
    resourceMetrics: [
      {
        resource,
        scopeMetrics: [
          { metrics: [{ name: probeMetric, gauge: { dataPoints: [{ timeUnixNano: now, asDouble: 1, attributes }] } }] },
        ],
      },
    ],
  };
}

/** Sends one probe; its id when Alloy accepted it, undefined when not (the step counts that as a lost probe). */
export async function sendProbe(signal: LoadSignal, otlpHttp: string, mark: StepMark): Promise<string | undefined> {
  const id = randomBytes(16).toString('hex');
  try {
    const response = await request(`${otlpHttp}/v1/${signal}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(probeBody(signal, id, mark)),
    });
    await response.body.dump();
    return response.statusCode < 300 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** A lookup of the probe ids the stack can answer for now; `pending` are the ids not yet found. */
export function probeLookup(
  signal: LoadSignal,
  stack: StackEndpoints,
  mark: StepMark,
  sinceMs: number,
): (pending: readonly string[]) => Promise<string[]> {
  if (signal === 'logs') {
    const loki = new LokiApi(stack.loki);
    return async () =>
      (
        await loki.queryRange(
          `{service_name="${probeService}"} | load_run="${mark.runId}" | load_step="${mark.step}"`,
          sinceMs - 60_000,
          Date.now() + 1_000,
        )
      ).map((l) => l.labels['probe_id'] ?? '');
  }
  if (signal === 'traces') {
    const tempo = new TempoApi(stack.tempo);
    return async (pending) => {
      const seen: string[] = [];
      for (const id of pending) if (await tempo.trace(id)) seen.push(id);
      return seen;
    };
  }
  const prometheus = new PrometheusApi(stack.prometheus);
  return async () =>
    (await prometheus.query(`${probeMetric}{load_run="${mark.runId}",load_step="${mark.step}"}`)).map(
      (s) => s.labels['probe_id'] ?? '',
    );
}
