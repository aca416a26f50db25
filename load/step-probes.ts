import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { DeliveryLookup, FoundRecord } from '../fixtures/delivery/delivery-case.ts';
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

/**
 * How the probes of one step are found in the signal's store, for the delivery runner: by their run and step
 * marks through LogQL or PromQL, or by trace id. The p99 budget is the step's promise; the runner's p95/max
 * verdict is not used here (the step judges its own latency).
 */
export function probeLookup(signal: LoadSignal, mark: StepMark, budgetMs: number): DeliveryLookup<string> {
  const hop = `load-generator->alloy->${storeOf[signal]}`;
  const budget = { p95Ms: budgetMs, maxMs: budgetMs };
  const keyed = (ids: string[]): FoundRecord<string>[] => ids.map((id) => ({ key: id, record: id }));
  if (signal === 'logs') {
    const logql = `{service_name="${probeService}"} | load_run="${mark.runId}" | load_step="${mark.step}"`;
    return {
      signal,
      hop,
      budget,
      lookup: async ({ clients, sinceMs }) =>
        keyed(
          (await clients.loki.queryRange(logql, sinceMs - 60_000, Date.now() + 1_000)).map(
            (l) => l.labels['probe_id'] ?? '',
          ),
        ),
    };
  }
  if (signal === 'traces') {
    return {
      signal,
      hop,
      budget,
      async lookup({ clients, pending }) {
        const seen: string[] = [];
        for (const { key } of pending) if (await clients.tempo.trace(key)) seen.push(key);
        return keyed(seen);
      },
    };
  }
  const promql = `${probeMetric}{load_run="${mark.runId}",load_step="${mark.step}"}`;
  return {
    signal,
    hop,
    budget,
    lookup: async ({ clients }) =>
      keyed((await clients.prometheus.query(promql)).map((s) => s.labels['probe_id'] ?? '')),
  };
}

/** The store each signal's probes end in. */
export const storeOf: Record<LoadSignal, string> = { logs: 'loki', traces: 'tempo', metrics: 'prometheus' };
