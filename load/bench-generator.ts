/**
 * npm run bench:generator
 *
 * The load generator's own ceiling, side by side with telemetrygen (the OpenTelemetry Collector's load generator,
 * at the version stack/versions.env pins), for each signal and each protocol, against one null sink: each
 * generator on one core, the sink on another. The figure compared is events per CPU-second of the generator
 * (events the sink counted, divided by the CPU time the generator used), so a sink that cannot keep up (grpc-js
 * tops out near 2,000 requests a second on one core) slows both without hiding which one spends less per event.
 * Load runs are only meaningful below this ceiling, and the generator must stay at least twice as efficient
 * as telemetrygen, for every encoding.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SinkCounts, SinkMessage } from './bench-sink.ts';
import { type LoadShape, type LoadSignal, loadSignals } from './load-profile.ts';
import { runGenerator } from './otlp-generator.ts';
import { type OtlpProtocol, otlpProtocols } from './otlp-transport.ts';
import { telemetrygenBinary } from './telemetrygen-binary.ts';

const say = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
const durationMs = 10_000;
/** Requests in flight: the generator's connections, telemetrygen's workers. */
const inFlight = 16;
/** Both generators send 100 events a request, traces of 10 spans, gauges. */
const shape: LoadShape = {
  logs: { linesPerRequest: 100 },
  traces: { spansPerRequest: 100, spansPerTrace: 10 },
  metrics: { pointsPerRequest: 100, series: 100_000, churnSeconds: 60 },
};
const minimumRatio = 2;

// One core for the sink, one for whichever generator runs: neither steals the other's.
const pinned = availableParallelism() >= 2;
if (pinned) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
else say('one core only: the sink and the generator share it, so the figures are low for both');
const onCore = (core: number, command: string, args: string[]): [string, string[]] =>
  pinned ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];

const sink: ChildProcess = spawn(
  ...onCore(0, process.execPath, [fileURLToPath(new URL('./bench-sink.ts', import.meta.url))]),
  { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
);
const sinkMessage = async (): Promise<SinkMessage> => (await once(sink, 'message'))[0] as SinkMessage;
const ready = await sinkMessage();
if (!('ready' in ready)) throw new Error('the sink did not say it was ready');
const ports = ready.ready;
/** The sink's counts since the last read. */
const readSink = async (): Promise<SinkCounts> => {
  sink.send('read');
  const message = await sinkMessage();
  if (!('counts' in message)) throw new Error('the sink answered without counts');
  return message.counts;
};

/** What one generator delivered and what it cost. */
interface Measured extends SinkCounts {
  cpuSeconds: number;
}

async function ours(signal: LoadSignal, protocol: OtlpProtocol): Promise<Measured> {
  await readSink();
  const result = await runGenerator(
    {
      endpoint: protocol === 'grpc' ? `127.0.0.1:${ports.grpc}` : `http://127.0.0.1:${ports.http}/v1/${signal}`,
      protocol,
      signal,
      shape,
      mark: { runId: 'bench', step: '0' },
      durationMs,
      clients: inFlight,
    },
    10_000_000,
    1,
  );
  // The sender threads' CPU while sending: building the step's templates, once before it, is not counted.
  return { ...(await readSink()), cpuSeconds: result.sendingCpuMs / 1000 };
}

/**
 * CPU seconds used by this process's waited-for children (cutime + cstime, fields 16 and 17 of /proc/self/stat,
 * in clock ticks of 1/100 s on Linux): taskset execs telemetrygen in place, so the child is telemetrygen.
 */
function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const clockTicksPerSecond = 100;
  return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond;
}

/**
 * telemetrygen's workers each feed the SDK's batch span processor as fast as they can; with one core the
 * exporter goroutine gets little time and the processor's queue (2,048 spans) drops the rest, so for traces
 * more workers only mean more dropped spans (16 workers delivered 746 spans/s here, one worker 5,071).
 */
const telemetrygenWorkers = (signal: LoadSignal): number => (signal === 'traces' ? 1 : inFlight);

async function telemetrygen(binary: string, signal: LoadSignal, protocol: OtlpProtocol): Promise<Measured> {
  await readSink();
  const before = childrenCpuSeconds();
  const args = [
    signal,
    '--otlp-endpoint',
    `127.0.0.1:${protocol === 'grpc' ? ports.grpc : ports.http}`,
    '--otlp-insecure',
    ...(protocol === 'grpc' ? [] : ['--otlp-http']),
    '--duration',
    `${durationMs / 1000}s`,
    '--rate',
    '0',
    '--workers',
    String(telemetrygenWorkers(signal)),
    '--batch-size',
    '100',
    ...(signal === 'traces' ? ['--child-spans', '9'] : []),
  ];
  const child = spawn(...onCore(1, binary, args), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, GOMAXPROCS: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`telemetrygen ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
  return { ...(await readSink()), cpuSeconds: childrenCpuSeconds() - before };
}

const perSecond = (counts: SinkCounts): number => Math.round(counts.events / (durationMs / 1000));
const perCpuSecond = (measured: Measured): number =>
  measured.cpuSeconds > 0 ? Math.round(measured.events / measured.cpuSeconds) : 0;
const bytesPerEvent = (counts: SinkCounts): number => Math.round(counts.bytes / Math.max(1, counts.events));
const figure = (n: number): string => n.toLocaleString('en');

try {
  const reference = await telemetrygenBinary(say);
  const rows: string[] = [];
  const short: string[] = [];
  for (const signal of loadSignals) {
    for (const protocol of otlpProtocols) {
      say(`${signal} over ${protocol}: the load generator`);
      const mine = await ours(signal, protocol);
      // telemetrygen speaks protobuf only; JSON is measured against its protobuf over HTTP.
      const theirsProtocol: OtlpProtocol = protocol === 'http/json' ? 'http/protobuf' : protocol;
      say(`${signal} over ${theirsProtocol}: telemetrygen`);
      const theirs = await telemetrygen(reference.path, signal, theirsProtocol);
      const ratio = perCpuSecond(theirs) > 0 ? perCpuSecond(mine) / perCpuSecond(theirs) : Number.POSITIVE_INFINITY;
      if (ratio < minimumRatio) short.push(`${signal} over ${protocol}: ${ratio.toFixed(1)}x`);
      const against = theirsProtocol === protocol ? '' : `${theirsProtocol}: `;
      rows.push(
        `| ${signal} | ${protocol} | ${figure(perCpuSecond(mine))} | ${figure(perSecond(mine))} | ${bytesPerEvent(mine)} | ${against}${figure(perCpuSecond(theirs))} | ${figure(perSecond(theirs))} | ${bytesPerEvent(theirs)} | ${ratio.toFixed(1)}x |`,
      );
    }
  }
  process.stdout.write(
    `\nEvents the sink counted per CPU-second of the generator, and per second of wall time (${pinned ? 'the sink on core 0, the generators on core 1' : 'one core shared'}; ${durationMs / 1000} s each; ${inFlight} requests in flight, telemetrygen traces with one worker; 100 events a request, traces of 10 spans, gauges; reference ${reference.module}):\n\n` +
      `| signal | protocol | ours per CPU-s | ours per s | bytes/event | telemetrygen per CPU-s | per s | bytes/event | ratio per CPU-s |\n|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n\n` +
      (short.length === 0
        ? `Every encoding at least ${minimumRatio}x telemetrygen's events per CPU-second.\n`
        : `Below ${minimumRatio}x telemetrygen's events per CPU-second: ${short.join('; ')}\n`),
  );
  if (short.length > 0) process.exitCode = 1;
} finally {
  sink.disconnect();
}
