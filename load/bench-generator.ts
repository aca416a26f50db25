/**
 * npm run bench:generator
 *
 * The generator's own ceiling: events per second it can send with one worker (one core) and with one per core,
 * against a sink on loopback that answers every request at once. Load runs are only meaningful below it.
 */
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { payloadTemplate } from './otlp-payload-template.ts';
import { runGenerator } from './otlp-generator.ts';

const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const port = (sink.address() as { port: number }).port;

const rows: string[] = [];
for (const signal of ['logs', 'traces'] as const) {
  for (const workers of [...new Set([1, availableParallelism()])]) {
    const result = await runGenerator(
      { url: `http://127.0.0.1:${port}/v1/${signal}`, template: payloadTemplate(signal, 100, 'bench', '0'), batchSize: 100, durationMs: 5_000, connections: 16 },
      10_000_000,
      workers,
    );
    rows.push(`| ${signal} | ${workers} | ${result.achievedEventsPerSecond.toLocaleString('en')} | ${Math.round(result.achievedEventsPerSecond / workers).toLocaleString('en')} |`);
  }
}
sink.close();
process.stdout.write(`\nGenerator ceiling (batches of 100 events, sink on loopback in the same process):\n\n| signal | workers | events/s | events/s per worker |\n|---|---|---|---|\n${rows.join('\n')}\n`);
