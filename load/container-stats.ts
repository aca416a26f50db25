import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ContainerSample {
  atMs: number;
  /** The compose service: `loki`, not `obs-harness-...-loki-1`. */
  service: string;
  cpuPercent: number;
  memoryBytes: number;
  /** The container's memory limit as the engine applies it (the host's memory when it has none). */
  memoryLimitBytes?: number;
}

/** How close to its limit a container may come: at the limit it stalls in reclaim or is killed. */
export const memoryLimitShare = 0.95;

/**
 * The services whose memory came within `memoryLimitShare` of their own limit in the samples, with the highest
 * sample: a soak's Tempo sat at its 2 GiB limit for 7 minutes, answering nothing, not killed, so no restart showed it.
 */
export function atMemoryLimit(
  samples: readonly ContainerSample[],
): { service: string; peakBytes: number; limitBytes: number }[] {
  const peaks = new Map<string, { service: string; peakBytes: number; limitBytes: number }>();
  for (const s of samples) {
    if (s.memoryLimitBytes === undefined || s.memoryBytes < s.memoryLimitBytes * memoryLimitShare) continue;
    const peak = peaks.get(s.service);
    if (!peak || s.memoryBytes > peak.peakBytes)
      peaks.set(s.service, { service: s.service, peakBytes: s.memoryBytes, limitBytes: s.memoryLimitBytes });
  }
  return [...peaks.values()];
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
  const [usage, limit] = stats.MemUsage.split('/');
  return {
    atMs,
    service: stats.Name.slice(prefix.length).replace(/-\d+$/, ''),
    cpuPercent: Number(stats.CPUPerc.replace('%', '')),
    memoryBytes: parseBytes(usage as string),
    ...(limit === undefined ? {} : { memoryLimitBytes: parseBytes(limit) }),
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
