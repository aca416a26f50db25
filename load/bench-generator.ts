/**
 * npm run bench:generator
 *
 * The generator's own ceiling: events per second it can send with one worker (one core) and with one per core,
 * against a sink on loopback that answers every request at once. Load runs are only meaningful below it.
 * The sink shares the cores, so the figures are a floor of the generator's real ceiling.
 */
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { runGenerator } from './otlp-generator.ts';
import { loadSignals, type LoadShape } from './load-profile.ts';

const shape: LoadShape = {
  logs: { linesPerRequest: 100 },
  traces: { spansPerRequest: 100, spansPerTrace: 10 },
  metrics: { pointsPerRequest: 100, series: 100_000, churnSeconds: 60 },
};
const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const port = (sink.address() as { port: number }).port;

const rows: string[] = [];
for (const signal of loadSignals) {
  for (const workers of [...new Set([1, availableParallelism()])]) {
    const result = await runGenerator(
      {
        url: `http://127.0.0.1:${port}/v1/${signal}`,
        signal,
        shape,
        mark: { runId: 'bench', step: '0' },
        durationMs: 5_000,
        clients: 16 * workers,
      },
      10_000_000,
      workers,
    );
    rows.push(
      `| ${signal} | ${workers} | ${result.achievedEventsPerSecond.toLocaleString('en')} | ${Math.round(result.achievedEventsPerSecond / workers).toLocaleString('en')} | ${result.answeredRequestsPerSecond.toLocaleString('en')} |`,
    );
  }
}
sink.close();
process.stdout.write(
  `\nGenerator ceiling (100 events per request; traces of 10 spans; metrics over 100,000 series; sink on loopback in the same process):\n\n` +
    `| signal | workers | events/s | events/s per worker | requests/s |\n|---|---|---|---|---|\n${rows.join('\n')}\n`,
);
