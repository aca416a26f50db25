import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ContainerSample {
  atMs: number;
  /** The compose service: `loki`, not `obs-harness-...-loki-1`. */
  service: string;
  cpuPercent: number;
  memoryBytes: number;
}

const units: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
  TB: 1e12,
  TIB: 1024 ** 4,
};

/** `123.4MiB` -> bytes. */
export function parseBytes(text: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text.trim());
  const factor = match ? units[(match[2] as string).toUpperCase()] : undefined;
  if (!match || factor === undefined) throw new TypeError(`not a size: "${text}"`);
  return Number(match[1]) * factor;
}

/** One line of `docker stats --format '{{json .}}'` for a compose project's container. */
export function parseStatsLine(line: string, project: string, atMs: number): ContainerSample | undefined {
  const stats = JSON.parse(line) as { Name: string; CPUPerc: string; MemUsage: string };
  const prefix = `${project}-`;
  if (!stats.Name.startsWith(prefix)) return undefined;
  return {
    atMs,
    service: stats.Name.slice(prefix.length).replace(/-\d+$/, ''),
    cpuPercent: Number(stats.CPUPerc.replace('%', '')),
    memoryBytes: parseBytes(stats.MemUsage.split('/')[0] as string),
  };
}

/** Samples CPU and memory of a compose project's containers until stopped (the engine's own figures). */
export function sampleContainers(project: string, everyMs = 2_000): { samples: ContainerSample[]; stop(): void } {
  const samples: ContainerSample[] = [];
  let running = true;
  void (async () => {
    while (running) {
      const atMs = Date.now();
      try {
        const { stdout } = await run('docker', ['stats', '--no-stream', '--format', '{{json .}}']);
        for (const line of stdout.split('\n').filter(Boolean)) {
          const sample = parseStatsLine(line, project, atMs);
          if (sample) samples.push(sample);
        }
      } catch {
        // A missed sample is a gap in the chart, not a failed run.
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - atMs))));
    }
  })();
  return {
    samples,
    stop: () => {
      running = false;
    },
  };
}
