import type { LoadReport } from './load-report.ts';

const n = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en'));
const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** The summary a reviewer reads in a pull request: the knee per signal, then every step. */
export function renderMarkdown(report: LoadReport): string {
  const lines = [
    `# Load run: ${report.profile.name} (${report.profile.kind})`,
    '',
    `${report.profile.description}`,
    '',
    `Run \`${report.runId}\`, started ${report.startedAt}, ${Math.round(report.durationMs / 1000)} s, ${report.ending}; ${report.environment.cores} cores.`,
    '',
    '| signal | knee (events/s kept every promise) | first broken at | why |',
    '|---|---|---|---|',
    ...report.signals.map((s) => `| ${s.signal} | ${n(s.kneeEventsPerSecond)} | ${s.firstBroken ? n(s.firstBroken.generator.offeredEventsPerSecond) : 'not reached'} | ${s.firstBroken?.broken.join('; ') ?? ''} |`),
    '',
  ];
  for (const s of report.signals) {
    lines.push(
      `## ${s.signal}`,
      '',
      '| step | offered/s | achieved/s | accepted | stored | refused or dropped | probes lost | probe p50 ms | probe p99 ms | verdict |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...s.steps.map((r) => {
        const dropped = r.generator.rejectedEvents + r.generator.failedEvents + Object.values(r.componentRejections).reduce((a, b) => a + b, 0);
        return `| ${r.step} | ${n(r.generator.offeredEventsPerSecond)} | ${n(r.generator.achievedEventsPerSecond)} | ${n(r.generator.acceptedEvents)} | ${n(r.storedEvents)} | ${n(dropped)} | ${r.probes.missing} of ${r.probes.sent} | ${n(r.probes.latency.p50Ms)} | ${n(r.probes.latency.p99Ms)} | ${r.broken.length === 0 ? 'kept' : `broken: ${r.broken.join('; ')}`} |`;
      }),
      '',
    );
  }
  const peaks = new Map<string, { memory: number; cpu: number }>();
  for (const sample of report.containerSamples) {
    const peak = peaks.get(sample.service) ?? { memory: 0, cpu: 0 };
    peaks.set(sample.service, { memory: Math.max(peak.memory, sample.memoryBytes), cpu: Math.max(peak.cpu, sample.cpuPercent) });
  }
  lines.push('## Peak use per component', '', '| component | peak CPU % | peak memory |', '|---|---|---|');
  for (const [service, peak] of [...peaks].sort()) lines.push(`| ${service} | ${peak.cpu.toFixed(0)} | ${gib(peak.memory)} |`);
  lines.push('', 'Promises: probe p99 latency within budget, no probe lost, no accepted log line lost, nothing refused or dropped by Alloy, Loki or Tempo, memory within budget, and the offered rate really sent.', '');
  return lines.join('\n');
}
