import { setTimeout as delay } from 'node:timers/promises';
import { DeliveryRun } from '../fixtures/delivery/delivery-run.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { LokiApi } from '../fixtures/signals/loki-api.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { stackClients } from '../fixtures/stack/stack-clients.ts';
import { describeRejection } from './limit-settings.ts';
import { fetchSampledTraces, sampledRequestsPerStep } from './sampled-traces.ts';
import { pipelineShapes } from '../fixtures/stack/pipeline.ts';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import type { StepReport } from '../reports/step-report.ts';
import { componentComplaints } from './component-log-errors.ts';
import {
  activeSeriesQuery,
  increaseBetween,
  ingestionCounters,
  rejectionCounters,
  storedLinesQuery,
  storedPointsQuery,
  storedSeriesQuery,
} from './component-counters.ts';
import { atMemoryLimit, type ContainerSample } from './container-stats.ts';
import type { LoadProfile, LoadSignal } from './load-profile.ts';
import { runGenerator, type GeneratorResult } from './otlp-generator.ts';
import type { OtlpProtocol } from './otlp-transport.ts';
import { probeLookup, sendProbe, storeOf } from './step-probes.ts';
import { rateShortfall } from './rate-shortfall.ts';

/**
 * Everything measured in one step: the report's figures (reports/step-report.ts, the one declaration of what a
 * step states) plus what only the run uses: the signal, and the generator's own counts.
 */
export interface StepResult extends StepReport {
  signal: LoadSignal;
  generator: GeneratorResult;
}

/** The stack's Prometheus scrapes every component this often (stack/prometheus/prometheus.yml). */
const scrapeIntervalMs = 5_000;
/** The scrape jobs whose counters a step reads. */
const scrapedJobs = ['alloy', 'loki', 'tempo', 'prometheus'];

export async function measureStep(options: {
  stack: StackEndpoints;
  profile: LoadProfile;
  signal: LoadSignal;
  protocol: OtlpProtocol;
  step: string;
  eventsPerSecond: number;
  runId: string;
  containerSamples: readonly ContainerSample[];
  /** How long after the step's end a probe is waited for before it is called missing; by default twice its budget. */
  probeWaitMs?: number;
}): Promise<StepResult> {
  const { stack, profile, signal, protocol, step, eventsPerSecond, runId } = options;
  const mark = { runId, step };
  const prometheus = new PrometheusApi(stack.prometheus);
  const startedAtMs = Date.now();
  const durationMs = profile.stepSeconds * 1000;
  const budgetMs = profile.budgets.p99Ms[signal] as number;
  const awaitMs = options.probeWaitMs ?? Math.max(budgetMs * 2, 10_000);

  // Probes beside the load, one a second, each timed from Alloy's acknowledgement, through the delivery runner.
  const probes = new DeliveryRun(probeLookup(signal, mark, budgetMs), {
    name: `${signal} step ${step}`,
    clients: stackClients(stack),
    runId,
  });
  let probesSent = 0;
  const probing = (async () => {
    while (Date.now() - startedAtMs < durationMs) {
      probesSent += 1;
      const id = await sendProbe(signal, stack.otlpHttp, mark);
      if (id) probes.add([{ key: id, label: `probe ${id}`, transport: 'http', sentAtMs: Date.now(), fields: {} }]);
      await delay(1_000);
    }
  })();
  let sending = true;
  const generating = runGenerator(
    {
      endpoint: protocol === 'grpc' ? stack.otlpGrpc : `${stack.otlpHttp}/v1/${signal}`,
      protocol,
      signal,
      shape: profile.shape,
      mark,
      durationMs,
      clients: profile.clients,
      sampleRequests: signal === 'traces' ? sampledRequestsPerStep : 0,
    },
    eventsPerSecond,
  );
  // Probes are looked for while the load runs, so each is timed from its own sending, not from the step's end;
  // then the wait goes on well past the budget before a probe is called missing: lateness is measured, not
  // mistaken for loss.
  const delivering = probes.settle({ timeoutMs: durationMs + awaitMs, keepGoing: () => sending });
  const [generator] = await Promise.all([generating, probing]);
  sending = false;
  const generatorEndedAtMs = Date.now();
  const delivered = (await delivering).overall;

  // The step's own events, counted in the store once it holds every accepted one (or when time runs out).
  // Metric points are counted by their timestamps, which fall between the step's start and the generator's end.
  const countAtMs = generatorEndedAtMs + 1_000;
  const stepWindow = `[${countAtMs - startedAtMs}ms]`;
  const storedCount = {
    logs: async () => new LokiApi(stack.loki, stack.tenant).queryNumber(storedLinesQuery(runId, step)),
    traces: undefined,
    metrics: async () =>
      (await prometheus.query(storedPointsQuery(runId, stepWindow), countAtMs / 1000))[0]?.value ?? 0,
  }[signal];
  let storedEvents: number | undefined;
  if (storedCount) {
    let lastCount = 0;
    await pollUntil(
      async () => {
        lastCount = await storedCount();
        if (lastCount < generator.acceptedEvents) throw new Error(`${lastCount} of ${generator.acceptedEvents}`);
      },
      { what: `stored ${signal}`, timeoutMs: 30_000, minIntervalMs: 1_000, maxIntervalMs: 3_000 },
    );
    storedEvents = lastCount;
  }
  const sampledTraces =
    signal === 'traces' ? await fetchSampledTraces(stack, profile.shape, generator.sampledRequests, 30_000) : undefined;
  let storedSeries: number | undefined;
  let activeSeries: number | undefined;
  if (signal === 'metrics') {
    storedSeries = (await prometheus.query(storedSeriesQuery(runId, stepWindow), countAtMs / 1000))[0]?.value ?? 0;
    activeSeries = (await prometheus.query(activeSeriesQuery(`[${Date.now() - startedAtMs}ms]`)))[0]?.value;
  }

  const endedAtMs = Date.now();
  // Counters are read once every component has been scraped after the step ended, so its last events are in.
  await pollUntil(
    async () => {
      const oldest = (await prometheus.query(`min(timestamp(up{job=~"${scrapedJobs.join('|')}"}))`))[0]?.value ?? 0;
      if (oldest * 1000 < endedAtMs) throw new Error(`oldest scrape at ${new Date(oldest * 1000).toISOString()}`);
    },
    {
      what: 'a scrape of every component after the step',
      timeoutMs: 4 * scrapeIntervalMs,
      minIntervalMs: 500,
      maxIntervalMs: 1_000,
    },
  );
  /** Each counter's growth from the step's start to now, per `reason` where it has one. */
  const counterIncreases = async (counters: Record<string, string>): Promise<Record<string, number>> => {
    const increases: Record<string, number> = {};
    for (const [name, promql] of Object.entries(counters)) {
      const grown = increaseBetween(await prometheus.query(promql, startedAtMs / 1000), await prometheus.query(promql));
      for (const { labels, increase } of grown)
        increases[labels['reason'] ? `${name} (${labels['reason']})` : name] = Math.round(increase);
      if (grown.length === 0) increases[name] = 0;
    }
    return increases;
  };
  // Intake per second of sending; refusals and drops over the whole step, late ones included, by reason.
  const sendingSeconds = generator.elapsedMs / 1000;
  const ingestionPerSecond = Object.fromEntries(
    Object.entries(await counterIncreases(ingestionCounters(signal, stack.pipeline))).map(([name, events]) => [
      name,
      Math.round(events / sendingSeconds),
    ]),
  );
  const componentRejections = await counterIncreases(rejectionCounters(signal, stack.pipeline));
  const stepSamples = options.containerSamples.filter((s) => s.atMs >= startedAtMs && s.atMs <= endedAtMs);
  const peakMemoryBytes: Record<string, number> = {};
  for (const s of stepSamples) {
    peakMemoryBytes[s.service] = Math.max(peakMemoryBytes[s.service] ?? 0, s.memoryBytes);
  }
  const cpuSamples: Record<string, number[]> = {};
  for (const s of options.containerSamples.filter((s) => s.atMs >= startedAtMs && s.atMs <= generatorEndedAtMs)) {
    cpuSamples[s.service] ??= [];
    cpuSamples[s.service]?.push(s.cpuPercent);
  }
  const meanCpuPercent = Object.fromEntries(
    Object.entries(cpuSamples).map(([service, values]) => [
      service,
      Math.round(values.reduce((a, b) => a + b, 0) / values.length),
    ]),
  );

  const broken: string[] = [];
  const { latency, missing, slowest } = delivered;
  const shortfall = rateShortfall(eventsPerSecond, generator.achievedEventsPerSecond);
  if (shortfall)
    broken.push(`${shortfall}: ${stack.pipeline} answered slower than ${profile.clients} clients could keep up`);
  if (generator.rejectedEvents + generator.failedEvents > 0) {
    broken.push(
      `${stack.pipeline} refused ${generator.rejectedEvents} and failed ${generator.failedEvents} events (${protocol} answers: ${JSON.stringify(generator.statuses)})`,
    );
  }
  if (missing.length > 0) broken.push(`${missing.length} of ${delivered.sent} probes missing after ${awaitMs} ms`);
  if (latency.count > 0 && latency.p99Ms > budgetMs)
    broken.push(
      `probe p99 latency ${latency.p99Ms} ms over budget ${budgetMs} ms${slowest ? ` (${describeSlowest(slowest, storeOf[signal])})` : ''}`,
    );
  if (storedEvents !== undefined && storedEvents < generator.acceptedEvents) {
    broken.push(
      `${generator.acceptedEvents - storedEvents} of ${generator.acceptedEvents} accepted ${signal === 'logs' ? 'log lines' : 'metric points'} never reached ${storeOf[signal]}`,
    );
  }
  if (sampledTraces && sampledTraces.whole < sampledTraces.traces)
    broken.push(
      `${sampledTraces.traces - sampledTraces.whole} of ${sampledTraces.traces} sampled accepted traces short in tempo (${sampledTraces.spansFound} of ${sampledTraces.spansExpected} spans; first: ${sampledTraces.shortIds[0]})`,
    );
  if (storedSeries !== undefined && storedSeries < generator.seriesWritten)
    broken.push(
      `${generator.seriesWritten - storedSeries} of ${generator.seriesWritten} metric series written never reached prometheus`,
    );
  for (const [name, count] of Object.entries(componentRejections))
    if (count > 0) broken.push(describeRejection(name, count));
  for (const [service, bytes] of Object.entries(peakMemoryBytes)) {
    if (bytes > profile.budgets.memoryBytes)
      broken.push(
        `${service} used ${(bytes / 2 ** 30).toFixed(2)} GiB, over ${(profile.budgets.memoryBytes / 2 ** 30).toFixed(2)} GiB`,
      );
  }
  for (const { service, peakBytes, limitBytes } of atMemoryLimit(stepSamples))
    broken.push(
      `${service} reached ${Math.round(peakBytes / 2 ** 20)} MiB of its ${Math.round(limitBytes / 2 ** 20)} MiB limit (mem_limit in stack/compose.yaml): at its limit a component stalls or is killed`,
    );
  // A broken step says what the components said: the message behind a counter that moved.
  const complaints =
    broken.length > 0
      ? await componentComplaints(
          stack.projectName,
          [pipelineShapes[stack.pipeline].service, storeOf[signal]],
          startedAtMs,
          Date.now(),
        )
      : {};
  return {
    signal,
    step,
    startedAtMs,
    endedAtMs,
    generator,
    generatorEndedAtMs,
    probes: {
      sent: probesSent,
      received: delivered.received,
      missing: missing.length,
      latency,
      ...(delivered.lastSeenAtMs === undefined ? {} : { lastArrivedAtMs: delivered.lastSeenAtMs }),
      ...(slowest === undefined ? {} : { slowest: { latencyMs: slowest.latencyMs, queryMs: slowest.queryMs } }),
    },
    storedEvents,
    storedSeries,
    activeSeries,
    sampledTraces,
    ingestionPerSecond,
    componentRejections,
    peakMemoryBytes,
    meanCpuPercent,
    broken,
    complaints,
  };
}

/** Of the slowest probe's latency, how much was the store answering the query that found it. */
function describeSlowest(slowest: { id: string; latencyMs: number; queryMs: number }, store: string): string {
  return `the slowest, ${slowest.id}, took ${slowest.latencyMs} ms, of which ${store} took ${slowest.queryMs} ms to answer the query that found it`;
}
