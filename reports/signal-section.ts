import { code, figure, paragraph, phrase, text } from './document-parts.ts';
import { type SignalReport, signalTitle } from './load-report.ts';
import type { Block, Cell, Inline, Section } from './report-document.ts';
import type { StepReport } from './step-report.ts';

const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);

/** Everything the generator or a component refused or dropped during the step. */
const dropped = (r: StepReport): number =>
  r.generator.rejectedEvents + r.generator.failedEvents + sum(r.componentRejections);

/** `alloy accepted 1,000, loki received 900`: each component's intake per second. */
const intake = (r: StepReport): Cell =>
  phrase(
    ...Object.entries(r.ingestionPerSecond).flatMap(([component, perSecond], i): Inline[] => [
      text(`${i === 0 ? '' : ', '}${component} `),
      figure(perSecond),
    ]),
  );

/** The stack's CPU while the generator ran (100 % per core), the component that used most, and the generator's. */
const cpu = (r: StepReport): Cell => {
  const [busiest, busiestCpu] = Object.entries(r.meanCpuPercent).sort((a, b) => b[1] - a[1])[0] ?? ['–', 0];
  return phrase(
    figure(sum(r.meanCpuPercent)),
    text(` (${busiest} `),
    figure(busiestCpu),
    text('); generator '),
    figure(r.generator.cpuPercent),
  );
};

/** One signal: a row per step with its figures and verdict, then what the components said during broken steps. */
export function signalSection(s: SignalReport): Section {
  const header = [
    'step',
    'offered/s',
    'achieved/s',
    'requests/s',
    'accepted',
    'stored',
    ...(s.countsSeries ? ['series written', 'series stored', 'active series'] : []),
    'refused or dropped',
    'probes lost',
    'probe p50 ms',
    'probe p99 ms',
    'slowest probe ms (of it, the query)',
    'taken in per second',
    'CPU %: stack (busiest); generator',
    'verdict',
  ];
  const rows = s.steps.map((r): Cell[] => [
    text(r.step),
    figure(r.generator.offeredEventsPerSecond),
    figure(r.generator.achievedEventsPerSecond),
    figure(r.generator.answeredRequestsPerSecond),
    figure(r.generator.acceptedEvents),
    r.sampledTraces
      ? phrase(
          figure(r.sampledTraces.whole),
          text(' of '),
          figure(r.sampledTraces.traces),
          text(' sampled traces whole'),
        )
      : figure(r.storedEvents),
    ...(s.countsSeries ? [figure(r.generator.seriesWritten), figure(r.storedSeries), figure(r.activeSeries)] : []),
    figure(dropped(r)),
    phrase(figure(r.probes.missing), text(' of '), figure(r.probes.sent)),
    figure(r.probes.latency.p50Ms),
    figure(r.probes.latency.p99Ms),
    r.probes.slowest
      ? phrase(figure(r.probes.slowest.latencyMs), text(' ('), figure(r.probes.slowest.queryMs), text(')'))
      : figure(undefined),
    intake(r),
    cpu(r),
    { kind: 'verdict', broken: r.broken },
  ]);
  const blocks: Block[] = [{ kind: 'table', header, rows }];
  const complaints = s.steps.flatMap((r) =>
    Object.entries(r.complaints).flatMap(([component, lines]) =>
      lines.map((line) => [text(`${r.step}, ${component}: `), code(line)]),
    ),
  );
  if (complaints.length > 0)
    blocks.push(
      paragraph(
        text(
          `What the components logged during the broken ${signalTitle(s)} steps (warnings and errors, most frequent first):`,
        ),
      ),
      { kind: 'list', items: complaints },
    );
  return { heading: signalTitle(s), blocks };
}
