import { describe, expect, it } from 'vitest';
import { atMemoryLimit, type ContainerSample, parseBytes, parseStatsLine } from './container-stats.ts';

describe('docker stats parsing', () => {
  it('reads sizes in both unit systems', () => {
    expect(parseBytes('512B')).toBe(512);
    expect(parseBytes('1.5MiB')).toBe(1.5 * 1024 * 1024);
    expect(parseBytes('2GB')).toBe(2e9);
    expect(() => parseBytes('lots')).toThrow(TypeError);
  });

  it("names the compose service and keeps only the project's containers", () => {
    const line = JSON.stringify({
      Name: 'obs-harness-1-d3ce6e-loki-1',
      CPUPerc: '37.51%',
      MemUsage: '201.3MiB / 23.47GiB',
    });
    expect(parseStatsLine(line, 'obs-harness-1-d3ce6e', 5)).toEqual({
      atMs: 5,
      service: 'loki',
      cpuPercent: 37.51,
      memoryBytes: 201.3 * 1024 * 1024,
      memoryLimitBytes: 23.47 * 1024 ** 3,
    });
    expect(
      parseStatsLine(
        JSON.stringify({ Name: 'other-loki-1', CPUPerc: '1%', MemUsage: '1MiB / 2GiB' }),
        'obs-harness-1-d3ce6e',
        5,
      ),
    ).toBeUndefined();
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
