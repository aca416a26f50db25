import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LoadShape, LoadSignal, StepMark } from './load-profile.ts';
import { payloadTemplates } from './otlp-payload-template.ts';
import type { SenderCounts, SenderTask } from './otlp-sender-worker.ts';
import { encodingOf, type OtlpProtocol } from './otlp-transport.ts';

export interface GeneratorTask {
  /** The signal's OTLP/HTTP URL (http://127.0.0.1:4318/v1/logs), or for gRPC the receiver's host:port. */
  endpoint: string;
  protocol: OtlpProtocol;
  signal: LoadSignal;
  shape: LoadShape;
  mark: StepMark;
  durationMs: number;
  /** Requests in flight at once, over all workers. */
  clients: number;
  /** About how many accepted requests to keep the ids of, over all workers (0 or absent: none). */
  sampleRequests?: number;
}

export interface GeneratorResult extends Omit<SenderCounts, 'elapsedMs'> {
  offeredEventsPerSecond: number;
  /** Events per second the generator really sent: below the offered rate means the generator fell behind. */
  achievedEventsPerSecond: number;
  /** Requests per second that got an answer. */
  answeredRequestsPerSecond: number;
  workers: number;
  /** CPU the load process used meanwhile (generator threads and the probes), % of one core: it shares the host. */
  cpuPercent: number;
  elapsedMs: number;
}

const workerUrl = new URL('./otlp-sender-worker.ts', import.meta.url);

function runWorker(task: SenderTask): Promise<SenderCounts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: task });
    worker.once('message', (message: { counts?: SenderCounts; error?: string }) => {
      void worker.terminate();
      if (message.counts) resolve(message.counts);
      else reject(new Error(`generator worker ${task.workerIndex}: ${message.error}`));
    });
    worker.once('error', reject);
  });
}

/** Sends at `eventsPerSecond` for `durationMs`, spread over one worker thread per core (or `workers`). */
export async function runGenerator(
  task: GeneratorTask,
  eventsPerSecond: number,
  workers = availableParallelism(),
): Promise<GeneratorResult> {
  const templates = Array.from({ length: workers }, (_, index) =>
    payloadTemplates(task.signal, task.shape, task.mark, { index, count: workers }, encodingOf(task.protocol)),
  );
  // Each worker's share of the rate follows its share of the events (metric series may not split evenly).
  const eventsPerRound = templates.map((list) => list.reduce((sum, t) => sum + t.events, 0));
  const allEvents = eventsPerRound.reduce((a, b) => a + b, 0);
  const connections = Math.max(1, Math.ceil(task.clients / workers));
  const meanEventsPerRequest = allEvents / templates.reduce((sum, list) => sum + list.length, 0);
  const requestsInStep = (eventsPerSecond * task.durationMs) / 1000 / meanEventsPerRequest;
  const sampleEvery = task.sampleRequests ? Math.max(1, Math.floor(requestsInStep / task.sampleRequests)) : 0;
  // This run's part of every request id: a random one, so no two runs (steps, load runs on a kept stack) send
  // the same trace ids.
  const sendId = randomInt(1, 2 ** 32);
  const cpuBefore = process.cpuUsage();
  const results = await Promise.all(
    templates.flatMap((list, workerIndex) =>
      list.length === 0
        ? []
        : [
            runWorker({
              endpoint: task.endpoint,
              protocol: task.protocol,
              signal: task.signal,
              templates: list,
              eventsPerSecond: (eventsPerSecond * (eventsPerRound[workerIndex] as number)) / allEvents,
              durationMs: task.durationMs,
              connections,
              churnSeconds: task.signal === 'metrics' ? task.shape.metrics.churnSeconds : 0,
              sendId,
              workerIndex,
              sampleEvery,
            }),
          ],
    ),
  );
  const total: GeneratorResult = {
    sentEvents: 0,
    acceptedEvents: 0,
    rejectedEvents: 0,
    failedEvents: 0,
    statuses: {},
    seriesWritten: 0,
    sampledRequests: [],
    sendingCpuMs: 0,
    offeredEventsPerSecond: eventsPerSecond,
    achievedEventsPerSecond: 0,
    answeredRequestsPerSecond: 0,
    workers: results.length,
    cpuPercent: 0,
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
  };
  const cpu = process.cpuUsage(cpuBefore);
  total.cpuPercent = Math.round((cpu.user + cpu.system) / 10 / total.elapsedMs);
  let requests = 0;
  for (const r of results) {
    total.sentEvents += r.sentEvents;
    total.acceptedEvents += r.acceptedEvents;
    total.rejectedEvents += r.rejectedEvents;
    total.failedEvents += r.failedEvents;
    total.seriesWritten += r.seriesWritten;
    total.sendingCpuMs += r.sendingCpuMs;
    total.sampledRequests.push(...r.sampledRequests);
    for (const [status, n] of Object.entries(r.statuses)) {
      total.statuses[status] = (total.statuses[status] ?? 0) + n;
      requests += n;
    }
  }
  total.achievedEventsPerSecond = Math.round((total.sentEvents / total.elapsedMs) * 1000);
  total.answeredRequestsPerSecond = Math.round((requests / total.elapsedMs) * 1000);
  return total;
}
