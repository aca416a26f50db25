import { describe, expect, it } from 'vitest';
import { parseBytes, parseStatsLine } from './container-stats.ts';

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
    });
    expect(
      parseStatsLine(
        JSON.stringify({ Name: 'other-loki-1', CPUPerc: '1%', MemUsage: '1MiB / 2GiB' }),
        'obs-harness-1-d3ce6e',
        5,
      ),
    ).toBeUndefined();
  });
});
