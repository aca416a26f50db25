import { describeShape } from '../load/load-profile.ts';
import type { StepResult } from '../load/load-step.ts';
import type { LoadReport } from './load-report.ts';

const n = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en');
const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const droppedOf = (r: StepResult): number =>
  r.generator.rejectedEvents +
  r.generator.failedEvents +
  Object.values(r.componentRejections).reduce((a, b) => a + b, 0);
const ingestionOf = (r: StepResult): string =>
  Object.entries(r.ingestionPerSecond)
    .map(([component, perSecond]) => `${component} ${n(perSecond)}`)
    .join(', ');

/** The stack's CPU while the generator ran (100 % per core), the component that used most, and the generator's. */
const cpuOf = (r: StepResult): string => {
  const [busiest, busiestCpu] = Object.entries(r.meanCpuPercent).sort((a, b) => b[1] - a[1])[0] ?? ['–', 0];
  return `${n(Object.values(r.meanCpuPercent).reduce((a, b) => a + b, 0))} (${busiest} ${n(busiestCpu)}); generator ${n(r.generator.cpuPercent)}`;
};
/** The knee as offered, and what the generator really sent at it. */
const kneeCell = (s: LoadReport['signals'][number]): string => {
  const step = s.steps.find(
    (r) => r.generator.offeredEventsPerSecond === s.kneeEventsPerSecond && r.broken.length === 0,
  );
  return step
    ? `${n(s.kneeEventsPerSecond)} (sent ${n(step.generator.achievedEventsPerSecond)})`
    : n(s.kneeEventsPerSecond);
};

/** The summary a reviewer reads in a pull request: the knee per signal, then every step. */
export function renderMarkdown(report: LoadReport): string {
  const lines = [
    `# Load run: ${report.profile.name} (${report.profile.kind})`,
    '',
    `${report.profile.description}`,
    '',
    `Run \`${report.runId}\`, started ${report.startedAt}, ${Math.round(report.durationMs / 1000)} s, ${report.ending}; ${report.environment.cores} cores.`,
    '',
    `Shape: ${describeShape(report.profile)}; ${report.profile.stepSeconds} s per step.`,
    '',
    '| signal | knee: offered events/s that kept every promise | first broken at | why |',
    '|---|---|---|---|',
    ...report.signals.map(
      (s) =>
        `| ${s.signal} | ${kneeCell(s)} | ${s.firstBroken ? n(s.firstBroken.generator.offeredEventsPerSecond) : 'not reached'} | ${s.firstBroken?.broken.join('; ') ?? ''} |`,
    ),
    '',
  ];
  for (const s of report.signals) {
    const metrics = s.signal === 'metrics';
    lines.push(
      `## ${s.signal}`,
      '',
      `| step | offered/s | achieved/s | requests/s | accepted | stored | ${metrics ? 'series written | series stored | active series | ' : ''}refused or dropped | probes lost | probe p50 ms | probe p99 ms | taken in per second | CPU %: stack (busiest); generator | verdict |`,
      `|---|---|---|---|---|---|${metrics ? '---|---|---|' : ''}---|---|---|---|---|---|---|`,
      ...s.steps.map((r) => {
        const series = metrics
          ? `${n(r.generator.seriesWritten)} | ${n(r.storedSeries)} | ${n(r.activeSeries)} | `
          : '';
        const verdict = r.broken.length === 0 ? 'kept' : `broken: ${r.broken.join('; ')}`;
        return `| ${r.step} | ${n(r.generator.offeredEventsPerSecond)} | ${n(r.generator.achievedEventsPerSecond)} | ${n(r.generator.answeredRequestsPerSecond)} | ${n(r.generator.acceptedEvents)} | ${n(r.storedEvents)} | ${series}${n(droppedOf(r))} | ${r.probes.missing} of ${r.probes.sent} | ${n(r.probes.latency.p50Ms)} | ${n(r.probes.latency.p99Ms)} | ${ingestionOf(r)} | ${cpuOf(r)} | ${verdict} |`;
      }),
      '',
    );
    const complaining = s.steps.filter((r) => Object.keys(r.complaints).length > 0);
    if (complaining.length > 0) {
      lines.push(
        `What the components logged during the broken ${s.signal} steps (warnings and errors, most frequent first):`,
        '',
      );
      for (const r of complaining) {
        for (const [component, complaints] of Object.entries(r.complaints))
          for (const c of complaints) lines.push(`- ${r.step}, ${component}: \`${c.replaceAll('`', "'")}\``);
      }
      lines.push('');
    }
  }
  const peaks = new Map<string, { memory: number; cpu: number }>();
  for (const sample of report.containerSamples) {
    const peak = peaks.get(sample.service) ?? { memory: 0, cpu: 0 };
    peaks.set(sample.service, {
      memory: Math.max(peak.memory, sample.memoryBytes),
      cpu: Math.max(peak.cpu, sample.cpuPercent),
    });
  }
  lines.push('## Peak use per component', '', '| component | peak CPU % | peak memory |', '|---|---|---|');
  for (const [service, peak] of [...peaks].sort())
    lines.push(`| ${service} | ${peak.cpu.toFixed(0)} | ${gib(peak.memory)} |`);
  lines.push(
    '',
    'Promises: probe p99 latency within budget, no probe lost, no accepted log line or metric point lost, every metric series stored, nothing refused or dropped by Alloy, Loki, Tempo or Prometheus, memory within budget, and the offered rate really sent.',
    '',
    '"Taken in per second" is the growth of each component\'s own counter from the step\'s start to a scrape after its end, per second of sending.',
    '',
  );
  return lines.join('\n');
}
