import { getContainerRuntimeClient } from 'testcontainers';

export interface ContainerSample {
  atMs: number;
  /** The compose service: `loki`, not `obs-harness-...-loki-1`. */
  service: string;
  cpuPercent: number;
  /** What `docker stats` shows: the cgroup's memory less its inactive page cache (recent file pages count). */
  memoryBytes: number;
  /**
   * The processes' own memory (the cgroup's anonymous memory: heaps, stacks), without the page cache of the files
   * they read and write, which the kernel takes back when it needs it. What a leak grows.
   */
  ownMemoryBytes?: number;
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

/**
 * The part of the Docker Engine's stats answer (`GET /containers/{id}/stats`) a sample is made of. Memory
 * figures are the cgroup's: v2 names the processes' own memory `anon`, v1 `rss`.
 */
export interface EngineStats {
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: {
    usage?: number;
    limit?: number;
    stats?: { anon?: number; rss?: number; inactive_file?: number; total_inactive_file?: number };
  };
}

/**
 * One container's sample from the engine's stats, with the figures `docker stats` prints (CPU as a share of
 * one core; memory as the cgroup's usage less its inactive page cache) and the processes' own memory beside.
 */
export function sampleFromEngineStats(stats: EngineStats, service: string, atMs: number): ContainerSample {
  const cpuDelta = stats.cpu_stats.cpu_usage.total_usage - stats.precpu_stats.cpu_usage.total_usage;
  // Without a previous reading (a one-shot answer) there is no interval to measure CPU over.
  const before = stats.precpu_stats.system_cpu_usage;
  const systemDelta = before === undefined ? 0 : (stats.cpu_stats.system_cpu_usage ?? 0) - before;
  const cpus = stats.cpu_stats.online_cpus ?? 1;
  const memory = stats.memory_stats;
  const inactiveFile = memory.stats?.inactive_file ?? memory.stats?.total_inactive_file ?? 0;
  const usage = memory.usage ?? 0;
  const own = memory.stats?.anon ?? memory.stats?.rss;
  return {
    atMs,
    service,
    cpuPercent: cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
    memoryBytes: inactiveFile < usage ? usage - inactiveFile : usage,
    ...(own === undefined ? {} : { ownMemoryBytes: own }),
    ...(memory.limit === undefined ? {} : { memoryLimitBytes: memory.limit }),
  };
}

/**
 * Samples CPU and memory of a compose project's containers until stopped, from the engine's own stats (the
 * engine testcontainers talks to). Each answer takes about a second, the engine measuring CPU over it, so the
 * containers are asked at once.
 */
export function sampleContainers(project: string, everyMs = 2_000): { samples: ContainerSample[]; stop(): void } {
  const samples: ContainerSample[] = [];
  let running = true;
  void (async () => {
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    while (running) {
      const atMs = Date.now();
      try {
        const containers = await docker.listContainers({
          filters: { label: [`com.docker.compose.project=${project}`] },
        });
        const sampled = await Promise.all(
          containers.map(async (c) => {
            const stats = (await docker.getContainer(c.Id).stats({ stream: false })) as unknown as EngineStats;
            return sampleFromEngineStats(stats, c.Labels['com.docker.compose.service'] ?? c.Id, atMs);
          }),
        );
        samples.push(...sampled);
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
