import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { awaitDeliveries } from '../fixtures/delivery/await-deliveries.ts';
import { DeliveryLedger } from '../fixtures/delivery/delivery-ledger.ts';
import type { LatencySummary } from '../fixtures/delivery/latency-summary.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { LokiApi } from '../fixtures/signals/loki-api.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { TempoApi } from '../fixtures/signals/tempo-api.ts';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import type { ContainerSample } from './container-stats.ts';
import type { LoadProfile, LoadSignal } from './load-profile.ts';
import { runGenerator, type GeneratorResult } from './otlp-generator.ts';
import { payloadTemplate } from './otlp-payload-template.ts';

/** Everything measured in one step: what was offered, what the stack did with it, and which promises broke. */
export interface StepResult {
  signal: LoadSignal;
  step: string;
  startedAtMs: number;
  endedAtMs: number;
  generator: GeneratorResult;
  /** Probe items sent beside the load, one a second: their emit-to-queryable latency and loss. */
  probes: { sent: number; received: number; missing: number; latency: LatencySummary };
  /** Log lines of this step Loki holds (logs only): exact loss. */
  storedEvents: number | undefined;
  /** What each component refused or dropped during the step, from its own metrics. */
  componentRejections: Record<string, number>;
  peakMemoryBytes: Record<string, number>;
  broken: string[];
}

const probeService = 'load-probe';

/** Rejection counters per signal: increase over the step, from each component's own metrics. */
function rejectionQueries(signal: LoadSignal, seconds: number): Record<string, string> {
  const window = `[${Math.ceil(seconds)}s]`;
  return signal === 'logs'
    ? {
        'alloy refused': `sum(increase(otelcol_receiver_refused_log_records_total${window}))`,
        'alloy export failed': `sum(increase(otelcol_exporter_send_failed_log_records_total${window}))`,
        'loki discarded': `sum by (reason) (increase(loki_discarded_samples_total${window}))`,
      }
    : {
        'alloy refused': `sum(increase(otelcol_receiver_refused_spans_total${window}))`,
        'alloy export failed': `sum(increase(otelcol_exporter_send_failed_spans_total${window}))`,
        'tempo discarded': `sum by (reason) (increase(tempo_discarded_spans_total${window}))`,
      };
}

/** One probe: a single event through the same receiver as the load, with an id of its own. */
async function sendProbe(signal: LoadSignal, otlpHttp: string, runId: string, step: string): Promise<string | undefined> {
  const id = randomBytes(16).toString('hex');
  const now = `${BigInt(Date.now()) * 1_000_000n}`;
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: probeService } }] };
  const attributes = [
    { key: 'load.run', value: { stringValue: runId } },
    { key: 'load.step', value: { stringValue: step } },
    { key: 'probe.id', value: { stringValue: id } },
  ];
  const body =
    signal === 'logs'
      ? { resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: now, severityText: 'INFO', body: { stringValue: `probe ${id}` }, attributes }] }] }] }
      : { resourceSpans: [{ resource, scopeSpans: [{ spans: [{ traceId: id, spanId: id.slice(0, 16), name: 'probe', kind: 2, startTimeUnixNano: now, endTimeUnixNano: now, attributes }] }] }] };
  try {
    const response = await request(`${otlpHttp}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.body.dump();
    return response.statusCode < 300 ? id : undefined;
  } catch {
    return undefined;
  }
}

export async function measureStep(options: {
  stack: StackEndpoints;
  profile: LoadProfile;
  signal: LoadSignal;
  step: string;
  eventsPerSecond: number;
  runId: string;
  containerSamples: readonly ContainerSample[];
}): Promise<StepResult> {
  const { stack, profile, signal, step, eventsPerSecond, runId } = options;
  const loki = new LokiApi(stack.loki);
  const tempo = new TempoApi(stack.tempo);
  const prometheus = new PrometheusApi(stack.prometheus);
  const startedAtMs = Date.now();
  const durationMs = profile.stepSeconds * 1000;

  // Probes beside the load, one a second, each timed from Alloy's acknowledgement.
  const ledger = new DeliveryLedger(signal, `load-generator->alloy->${signal === 'logs' ? 'loki' : 'tempo'}`);
  let probesSent = 0;
  const probing = (async () => {
    while (Date.now() - startedAtMs < durationMs) {
      probesSent += 1;
      const id = await sendProbe(signal, stack.otlpHttp, runId, step);
      if (id) ledger.recordSent(id, Date.now());
      await delay(1_000);
    }
  })();
  const generating = runGenerator(
    {
      url: `${stack.otlpHttp}/v1/${signal}`,
      template: payloadTemplate(signal, profile.batchSize, runId, step),
      batchSize: profile.batchSize,
      durationMs,
      connections: profile.connections,
    },
    eventsPerSecond,
  );

  const budgetMs = profile.budgets.p99Ms[signal];
  const probeLookup =
    signal === 'logs'
      ? async () => (await loki.queryRange(`{service_name="${probeService}"} | load_run="${runId}" | load_step="${step}"`, startedAtMs - 60_000, Date.now() + 1_000)).map((l) => l.labels['probe_id'] ?? '')
      : async () => {
          const seen: string[] = [];
          for (const id of ledger.pendingIds()) if (await tempo.trace(id)) seen.push(id);
          return seen;
        };
  // Probes are looked for while the load runs, so each is timed from its own sending, not from the step's end.
  let lastPollAtMs = startedAtMs;
  let generatorDone = false;
  const generator = await Promise.all([
    generating.finally(() => void (generatorDone = true)),
    (async () => {
      while (!generatorDone) {
        await delay(500);
        const ids = await probeLookup().catch(() => undefined);
        if (ids) {
          const now = Date.now();
          ledger.recordPoll(ids, now, lastPollAtMs);
          lastPollAtMs = now;
        }
      }
    })(),
    probing,
  ]).then(([result]) => result);
  // Then wait well past the budget before calling a probe missing: lateness is measured, not mistaken for loss.
  const delivered = await awaitDeliveries(ledger, probeLookup, { sentAtMs: lastPollAtMs, timeoutMs: Math.max(budgetMs * 2, 10_000) });

  let storedEvents: number | undefined;
  if (signal === 'logs') {
    // Wait for Loki to hold every accepted line; whatever it holds when time runs out is the count.
    let lastCount = 0;
    await pollUntil(
      async () => {
        lastCount = await loki.queryNumber(`sum(count_over_time({service_name="load-generator"} | load_run="${runId}" | load_step="${step}" [30m]))`);
        if (lastCount < generator.acceptedEvents) throw new Error(`${lastCount} of ${generator.acceptedEvents}`);
      },
      { what: 'stored log lines', timeoutMs: 30_000, minIntervalMs: 1_000, maxIntervalMs: 3_000 },
    );
    storedEvents = lastCount;
  }
  const endedAtMs = Date.now();
  const componentRejections: Record<string, number> = {};
  for (const [name, promql] of Object.entries(rejectionQueries(signal, (endedAtMs - startedAtMs) / 1000))) {
    const samples = await prometheus.query(promql);
    // Discards are kept apart by the component's own reason (rate_limited, live_traces_exceeded, ...).
    for (const sample of samples) componentRejections[sample.labels['reason'] ? `${name} (${sample.labels['reason']})` : name] = Math.round(sample.value);
    if (samples.length === 0) componentRejections[name] = 0;
  }
  const peakMemoryBytes: Record<string, number> = {};
  for (const s of options.containerSamples.filter((s) => s.atMs >= startedAtMs && s.atMs <= endedAtMs)) {
    peakMemoryBytes[s.service] = Math.max(peakMemoryBytes[s.service] ?? 0, s.memoryBytes);
  }

  const broken: string[] = [];
  const { latency, missing } = delivered;
  if (generator.achievedEventsPerSecond < 0.9 * eventsPerSecond) {
    broken.push(`offered ${eventsPerSecond}/s but only ${generator.achievedEventsPerSecond}/s went out: Alloy answered slower than ${profile.connections} connections per worker could keep up`);
  }
  if (generator.rejectedEvents + generator.failedEvents > 0) {
    broken.push(`Alloy refused ${generator.rejectedEvents} and failed ${generator.failedEvents} events (HTTP ${JSON.stringify(generator.statuses)})`);
  }
  if (missing.length > 0) broken.push(`${missing.length} of ${ledger.report().sent} probes missing after ${Math.max(budgetMs * 2, 10_000)} ms`);
  if (latency.count > 0 && latency.p99Ms > budgetMs) broken.push(`probe p99 latency ${latency.p99Ms} ms over budget ${budgetMs} ms`);
  if (storedEvents !== undefined && storedEvents < generator.acceptedEvents) broken.push(`${generator.acceptedEvents - storedEvents} accepted log lines never reached Loki`);
  for (const [name, count] of Object.entries(componentRejections)) if (count > 0) broken.push(`${name} ${count} events`);
  for (const [service, bytes] of Object.entries(peakMemoryBytes)) {
    if (bytes > profile.budgets.memoryBytes) broken.push(`${service} used ${(bytes / 2 ** 30).toFixed(2)} GiB, over ${(profile.budgets.memoryBytes / 2 ** 30).toFixed(2)} GiB`);
  }
  return {
    signal,
    step,
    startedAtMs,
    endedAtMs,
    generator,
    probes: { sent: probesSent, received: delivered.received, missing: missing.length, latency },
    storedEvents,
    componentRejections,
    peakMemoryBytes,
    broken,
  };
}
