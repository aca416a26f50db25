import { describe, expect, it } from 'vitest';
import {
  atMemoryLimit,
  type ContainerSample,
  type EngineStats,
  parseBytes,
  sampleFromEngineStats,
} from './container-stats.ts';

describe('container stats', () => {
  it('reads sizes in both unit systems', () => {
    expect(parseBytes('512B')).toBe(512);
    expect(parseBytes('1.5MiB')).toBe(1.5 * 1024 * 1024);
    expect(parseBytes('2GB')).toBe(2e9);
    expect(() => parseBytes('lots')).toThrow(TypeError);
  });

  it("reads CPU, memory and its limit as docker stats prints them, and the processes' own memory beside", () => {
    const stats: EngineStats = {
      cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000 },
      memory_stats: {
        usage: 900 * 2 ** 20,
        limit: 4 * 2 ** 30,
        stats: { anon: 500 * 2 ** 20, inactive_file: 100 * 2 ** 20 },
      },
    };
    expect(sampleFromEngineStats(stats, 'tempo', 5)).toEqual({
      atMs: 5,
      service: 'tempo',
      cpuPercent: 100,
      memoryBytes: 800 * 2 ** 20,
      ownMemoryBytes: 500 * 2 ** 20,
      memoryLimitBytes: 4 * 2 ** 30,
    });
  });

  it('reads cgroup v1 memory, and no CPU from a first answer without a previous one', () => {
    const stats: EngineStats = {
      cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10 },
      precpu_stats: { cpu_usage: { total_usage: 0 } },
      memory_stats: { usage: 300, stats: { rss: 200, total_inactive_file: 50 } },
    };
    expect(sampleFromEngineStats(stats, 'loki', 1)).toEqual({
      atMs: 1,
      service: 'loki',
      cpuPercent: 0,
      memoryBytes: 250,
      ownMemoryBytes: 200,
    });
  });

  it('names a container that came within 5 % of its own limit, with its highest sample', () => {
    const sample = (service: string, mib: number, limitMib: number): ContainerSample => ({
      atMs: 0,
      service,
      cpuPercent: 1,
      memoryBytes: mib * 2 ** 20,
      memoryLimitBytes: limitMib * 2 ** 20,
    });
    const samples = [
      sample('tempo', 1900, 2048),
      sample('tempo', 2045, 2048),
      sample('tempo', 1000, 2048),
      sample('loki', 1900, 2048),
      sample('alloy', 980, 1024),
    ];
    expect(atMemoryLimit(samples)).toEqual([
      { service: 'tempo', peakBytes: 2045 * 2 ** 20, limitBytes: 2048 * 2 ** 20 },
      { service: 'alloy', peakBytes: 980 * 2 ** 20, limitBytes: 1024 * 2 ** 20 },
    ]);
  });
});
