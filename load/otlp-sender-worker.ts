/**
 * One generator worker (a thread, so the generator uses every core): sends pre-built OTLP requests at its share
 * of the target rate for a fixed time, at most `connections` at once, and counts what became of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setTimeout as delay } from 'node:timers/promises';
import type { LoadSignal } from './load-profile.ts';
import { fillPayload, requestIdOf, type PayloadTemplate } from './otlp-payload-template.ts';
import { type OtlpProtocol, otlpTransport } from './otlp-transport.ts';

export interface SenderTask {
  /** The signal's OTLP/HTTP URL, or for gRPC the receiver's host:port. */
  endpoint: string;
  protocol: OtlpProtocol;
  signal: LoadSignal;
  /** Sent in turn, one per request. */
  templates: PayloadTemplate[];
  eventsPerSecond: number;
  durationMs: number;
  connections: number;
  /** Metric series are replaced by new ones this often (0: never). */
  churnSeconds: number;
  /** Distinguishes this run's request ids from every other run's (otlp-payload-template.ts, requestIdOf). */
  sendId: number;
  /** Distinguishes the workers' request ids. */
  workerIndex: number;
  /** Every this many requests, an accepted one's id is kept, for its traces to be fetched (0: none). */
  sampleEvery: number;
}

export interface SenderCounts {
  sentEvents: number;
  acceptedEvents: number;
  /** Answered with an error status (HTTP 429 and 5xx, gRPC UNAVAILABLE: the receiver pushed back). */
  rejectedEvents: number;
  /** No answer (refused connection, timeout). */
  failedEvents: number;
  statuses: Record<string, number>;
  /** Distinct metric series written (series x churn generations); 0 for logs and traces. */
  seriesWritten: number;
  /** Ids of accepted requests, one every `sampleEvery`. */
  sampledRequests: bigint[];
  elapsedMs: number;
  /** CPU time this worker's thread spent sending (its templates were built before it started). */
  sendingCpuMs: number;
}

async function run(task: SenderTask): Promise<SenderCounts> {
  const transport = otlpTransport(task.protocol, task.signal, task.endpoint, task.connections);
  const counts: SenderCounts = {
    sentEvents: 0,
    acceptedEvents: 0,
    rejectedEvents: 0,
    failedEvents: 0,
    statuses: {},
    seriesWritten: 0,
    sampledRequests: [],
    elapsedMs: 0,
    sendingCpuMs: 0,
  };
  const seriesSeen = new Set<string>();
  const meanEvents = task.templates.reduce((sum, t) => sum + t.events, 0) / task.templates.length;
  const intervalMs = (1000 * meanEvents) / task.eventsPerSecond;
  const started = performance.now();
  const cpuAtStart = process.threadCpuUsage();
  const epochNanos = BigInt(Date.now()) * 1_000_000n - BigInt(Math.round(started * 1e6));
  let requests = 0;
  let inFlight = 0;
  const send = async (): Promise<void> => {
    const requestId = requestIdOf(task.sendId, task.workerIndex, requests);
    const sampled = task.sampleEvery > 0 && requests % task.sampleEvery === 0;
    const templateIndex = requests % task.templates.length;
    const template = task.templates[templateIndex] as PayloadTemplate;
    requests += 1;
    inFlight += 1;
    counts.sentEvents += template.events;
    const generation = task.churnSeconds > 0 ? Math.floor(Date.now() / (task.churnSeconds * 1000)) : 0;
    if (task.signal === 'metrics' && !seriesSeen.has(`${generation}:${templateIndex}`)) {
      seriesSeen.add(`${generation}:${templateIndex}`);
      counts.seriesWritten += template.events;
    }
    try {
      const body = fillPayload(
        template,
        requestId,
        epochNanos + BigInt(Math.round(performance.now() * 1e6)),
        generation,
      );
      const answer = await transport.send(body);
      counts.statuses[answer.status] = (counts.statuses[answer.status] ?? 0) + 1;
      if (answer.accepted) {
        counts.acceptedEvents += template.events;
        if (sampled) counts.sampledRequests.push(requestId);
      } else counts.rejectedEvents += template.events;
    } catch {
      counts.failedEvents += template.events;
    } finally {
      inFlight -= 1;
      slotFreed?.();
    }
  };
  /** Wakes the loop when a request ends while every connection was busy. */
  let slotFreed: (() => void) | undefined;
  const aSlotFrees = (): Promise<void> =>
    new Promise((resolve) => {
      slotFreed = () => {
        slotFreed = undefined;
        resolve();
      };
    });
  while (performance.now() - started < task.durationMs) {
    // Due: every event whose time has come, by the schedule of the offered rate.
    const dueEvents = ((performance.now() - started) / 1000) * task.eventsPerSecond;
    while (counts.sentEvents <= dueEvents && inFlight < task.connections) void send();
    // Behind schedule with every connection busy: wait for one, the shortfall shows as achieved < offered.
    if (inFlight >= task.connections) await aSlotFrees();
    else await delay(Math.max(1, Math.min(intervalMs, 20)));
  }
  while (inFlight > 0) await aSlotFrees();
  counts.elapsedMs = performance.now() - started;
  const cpu = process.threadCpuUsage(cpuAtStart);
  counts.sendingCpuMs = (cpu.user + cpu.system) / 1000;
  await transport.close();
  return counts;
}

if (parentPort) {
  const port = parentPort;
  run(workerData as SenderTask).then(
    (counts) => port.postMessage({ counts }),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}
