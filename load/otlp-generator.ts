import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SenderCounts, SenderTask } from './otlp-sender-worker.ts';

export interface GeneratorResult extends Omit<SenderCounts, 'elapsedMs'> {
  offeredEventsPerSecond: number;
  /** Events per second the generator really sent: below the offered rate means the generator fell behind. */
  achievedEventsPerSecond: number;
  workers: number;
  elapsedMs: number;
}

const workerUrl = new URL('./otlp-sender-worker.ts', import.meta.url);

/** Sends at `eventsPerSecond` for `durationMs`, spread over one worker thread per core (or `workers`). */
export async function runGenerator(
  task: Omit<SenderTask, 'workerIndex' | 'eventsPerSecond'>,
  eventsPerSecond: number,
  workers = availableParallelism(),
): Promise<GeneratorResult> {
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, workerIndex) =>
        new Promise<SenderCounts>((resolve, reject) => {
          const worker = new Worker(workerUrl, { workerData: { ...task, workerIndex, eventsPerSecond: eventsPerSecond / workers } satisfies SenderTask });
          worker.once('message', (message: { counts?: SenderCounts; error?: string }) => {
            void worker.terminate();
            if (message.counts) resolve(message.counts);
            else reject(new Error(`generator worker ${workerIndex}: ${message.error}`));
          });
          worker.once('error', reject);
        }),
    ),
  );
  const total: GeneratorResult = {
    sentEvents: 0,
    acceptedEvents: 0,
    rejectedEvents: 0,
    failedEvents: 0,
    statuses: {},
    offeredEventsPerSecond: eventsPerSecond,
    achievedEventsPerSecond: 0,
    workers,
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
  };
  for (const r of results) {
    total.sentEvents += r.sentEvents;
    total.acceptedEvents += r.acceptedEvents;
    total.rejectedEvents += r.rejectedEvents;
    total.failedEvents += r.failedEvents;
    for (const [status, n] of Object.entries(r.statuses)) total.statuses[status] = (total.statuses[status] ?? 0) + n;
  }
  total.achievedEventsPerSecond = Math.round((total.sentEvents / total.elapsedMs) * 1000);
  return total;
}
