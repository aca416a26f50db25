import { figure, paragraph, phrase, text } from './document-parts.ts';
import { type LoadReport, type RunFindings, signalTitle } from './load-report.ts';
import type { Block, Cell, Table } from './report-document.ts';

/** `1,000 (503: 12, 200: 88)`: a count and the answers behind it. */
const withAnswers = (count: number, statuses: Record<string, number>): Cell => {
  const refused = Object.entries(statuses).filter(([status]) => status !== '200');
  return refused.length === 0
    ? figure(count)
    : phrase(
        figure(count),
        text(` (${refused.map(([status, n]) => `${status}: ${n.toLocaleString('en')}`).join(', ')})`),
      );
};

/** Each signal's probe p99 over its steps in order: flat, or where it climbed. */
function latencyOverTheRun(report: LoadReport): Table {
  return {
    kind: 'table',
    header: ['signal', 'steps', 'first step p99 ms', 'last step p99 ms', 'highest step p99 ms', 'budget ms'],
    rows: report.signals.map((s) => {
      const timed = s.steps.filter((r) => r.probes.latency.count > 0);
      const highest = [...timed].sort((a, b) => b.probes.latency.p99Ms - a.probes.latency.p99Ms)[0];
      return [
        text(signalTitle(s)),
        figure(s.steps.length),
        figure(timed[0]?.probes.latency.p99Ms),
        figure(timed[timed.length - 1]?.probes.latency.p99Ms),
        highest ? phrase(figure(highest.probes.latency.p99Ms), text(` (${highest.step})`)) : figure(undefined),
        figure(report.profile.budgets.p99Ms[s.signal]),
      ];
    }),
  };
}

function memoryTrendTable(findings: RunFindings): Table {
  const { bytesPerHour, boundBytesPerHour, withPageCacheBytesPerHour } = findings.memoryTrend;
  const after = `after ${findings.memoryTrend.warmUp ?? 'the first step'}`;
  const verdict = (perHour: number): Cell =>
    boundBytesPerHour === undefined
      ? text('–')
      : { kind: 'verdict', broken: perHour > boundBytesPerHour ? ['over the bound'] : [] };
  const bound = boundBytesPerHour === undefined ? text('none set') : figure(boundBytesPerHour, 'mib');
  // Reports written before the processes' own memory was sampled have docker stats' trend alone.
  if (withPageCacheBytesPerHour === undefined)
    return {
      kind: 'table',
      header: ['component', `memory trend per hour ${after}`, 'bound per hour', 'verdict'],
      rows: Object.entries(bytesPerHour).map(([service, perHour]) => [
        text(service),
        figure(perHour, 'mib'),
        bound,
        verdict(perHour),
      ]),
    };
  return {
    kind: 'table',
    header: [
      'component',
      `own memory trend per hour ${after}`,
      'with page cache (docker stats)',
      'bound per hour (own memory)',
      'verdict',
    ],
    rows: Object.entries(bytesPerHour).map(([service, perHour]) => {
      const cached = withPageCacheBytesPerHour[service];
      return [
        text(service),
        figure(perHour, 'mib'),
        cached === undefined ? text('–') : figure(cached, 'mib'),
        bound,
        verdict(perHour),
      ];
    }),
  };
}

function spikeTable(findings: RunFindings): Table {
  return {
    kind: 'table',
    header: [
      'signal',
      'base → spike events/s',
      'refused by the pipeline (answers)',
      'refused or dropped by components',
      'backlog drained after',
      'back at the base rate: next step',
    ],
    rows: findings.spikes.map((s) => [
      text(signalTitle(s)),
      phrase(figure(s.baseEventsPerSecond), text(' → '), figure(s.spikeEventsPerSecond)),
      withAnswers(s.refusedEvents, s.statuses),
      text(
        Object.entries(s.componentRejections)
          .map(([name, n]) => `${name} ${n.toLocaleString('en')}`)
          .join(', ') || 'nothing',
      ),
      s.backlogDrainedAfterMs === undefined
        ? text(`not within the wait: ${s.probesMissing} probes missing`)
        : phrase(figure(s.backlogDrainedAfterMs), text(' ms')),
      s.after
        ? phrase(
            text(`${s.after.step}, p99 `),
            figure(s.after.p99Ms),
            text(s.after.broken.length === 0 ? ' ms, kept every promise' : ` ms, broke: ${s.after.broken.join('; ')}`),
          )
        : text('none measured'),
    ]),
  };
}

/**
 * What a steady, spike or soak run is read for, at the top of its report: whether the run as a whole kept its
 * promises, latency over the run, memory trends against the bound, the spike's cost and recovery, and which of
 * the stores' flushes and compactions the run lasted long enough to cross.
 */
export function findingsBlocks(report: LoadReport): Block[] {
  const { findings } = report;
  if (!findings) return [];
  const blocks: Block[] = [
    findings.broken.length === 0
      ? paragraph(text('The run kept every promise it makes as a whole.'))
      : paragraph(text(`The run broke ${findings.broken.length} of its promises as a whole:`)),
  ];
  if (findings.broken.length > 0) blocks.push({ kind: 'list', items: findings.broken.map((b) => [text(b)]) });
  blocks.push(paragraph(text('Probe latency over the run, step by step:')), latencyOverTheRun(report));
  if (Object.keys(findings.memoryTrend.bytesPerHour).length > 0)
    blocks.push(
      paragraph(
        text(
          "Memory per component: the Theil–Sen trend (the median of the slopes between every two minutes, which one minute of compaction does not tilt) of its lowest sample in each minute (what stays, not what a collection or a block cut frees), after the warm-up (left out) to the end of the run. Own memory is the processes' heaps and stacks; docker stats also counts the page cache of files just written, which the kernel takes back when it needs the memory:",
        ),
      ),
      memoryTrendTable(findings),
    );
  if (findings.spikes.length > 0)
    blocks.push(
      paragraph(
        text(
          'The spike: what it cost, and how long the stack took to deliver what it had queued (the last probe sent during the spike, from the spike’s last event):',
        ),
      ),
      spikeTable(findings),
    );
  const cycles = Object.entries(findings.storeCycles);
  if (cycles.length > 0)
    blocks.push(
      paragraph(
        text(
          `The stores’ own flushes and compactions during the run, by their counters${
            cycles.some(([, times]) => times === 0)
              ? ' (a zero: the run did not last long enough, or write enough, to cross one)'
              : ''
          }:`,
        ),
      ),
      {
        kind: 'table',
        header: ['what', 'times during the run'],
        rows: cycles.map(([what, times]) => [text(what), figure(times)]),
      },
    );
  return blocks;
}
