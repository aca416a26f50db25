import { figure, paragraph, text } from './document-parts.ts';
import type { ResourceSample, VolumeSizeSample } from './load-report.ts';
import { perHourTrend } from './per-hour-trend.ts';
import type { Block, Section } from './report-document.ts';

/** Samples grouped by a key, in the key's order. */
function byKey<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
}

/**
 * Each component's highest CPU and memory over the whole run (what sizing the hosts starts from), the trend of
 * its memory per hour, and each volume's growth: what a soak is read for.
 */
export function peakUseSection(samples: readonly ResourceSample[], volumes: readonly VolumeSizeSample[]): Section {
  const blocks: Block[] = [
    paragraph(
      text(
        'Trends are least-squares slopes through every sample of the run, per hour: over a run of minutes they say little; over a soak they are the growth to size disks and limits by.',
      ),
    ),
    {
      kind: 'table',
      header: ['component', 'peak CPU %', 'peak memory', 'memory trend per hour'],
      rows: byKey(samples, (s) => s.service).map(([service, list]) => [
        text(service),
        figure(Math.max(...list.map((s) => s.cpuPercent))),
        figure(Math.max(...list.map((s) => s.memoryBytes)), 'gib'),
        figure(perHourTrend(list.map((s) => ({ atMs: s.atMs, value: s.memoryBytes }))), 'mib'),
      ]),
    },
  ];
  if (volumes.length > 0) {
    blocks.push(paragraph(text('Disk per volume, from the start of the run to its last step:')), {
      kind: 'table',
      header: ['volume', 'at the start', 'at the end', 'growth per hour'],
      rows: byKey(volumes, (v) => v.volume).map(([volume, list]) => [
        text(volume),
        figure(list[0]?.bytes, 'mib'),
        figure(list[list.length - 1]?.bytes, 'mib'),
        figure(perHourTrend(list.map((v) => ({ atMs: v.atMs, value: v.bytes }))), 'mib'),
      ]),
    });
  }
  return { heading: 'Peak use and growth per component', blocks };
}
