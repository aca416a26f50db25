import { figure, text } from './document-parts.ts';
import type { ResourceSample } from './load-report.ts';
import type { Section } from './report-document.ts';

/** Each component's highest CPU and memory over the whole run: what sizing the hosts starts from. */
export function peakUseSection(samples: readonly ResourceSample[]): Section {
  const peaks = new Map<string, { memory: number; cpu: number }>();
  for (const sample of samples) {
    const peak = peaks.get(sample.service) ?? { memory: 0, cpu: 0 };
    peaks.set(sample.service, {
      memory: Math.max(peak.memory, sample.memoryBytes),
      cpu: Math.max(peak.cpu, sample.cpuPercent),
    });
  }
  return {
    heading: 'Peak use per component',
    blocks: [
      {
        kind: 'table',
        header: ['component', 'peak CPU %', 'peak memory'],
        rows: [...peaks]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([service, peak]) => [text(service), figure(peak.cpu), figure(peak.memory, 'gib')]),
      },
    ],
  };
}
