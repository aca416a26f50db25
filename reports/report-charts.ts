import { type LoadReport, type ResourceSample, type SignalReport, signalTitle } from './load-report.ts';
import type { DocumentChart } from './report-document.ts';
import type { ChartSeries, LineChart } from './svg-line-chart.ts';

/** Two signal charts sit side by side; the charts over time span the page. */
const narrow = 550;
const wide = 1116;

const kneeMarker = (s: SignalReport): NonNullable<LineChart['markers']> =>
  s.kneeEventsPerSecond === undefined
    ? []
    : [{ x: s.kneeEventsPerSecond, label: `knee ${s.kneeEventsPerSecond.toLocaleString('en')}/s` }];

/** Probe latency against offered rate, with the budget and the knee: where the stack stopped keeping its promise. */
function latencyChart(s: SignalReport, budgetMs: number): LineChart {
  const timed = s.steps.filter((r) => r.probes.latency.count > 0);
  return {
    title: `${signalTitle(s)}: probe latency vs offered rate`,
    xLabel: 'offered events per second (log scale)',
    yLabel: 'ms',
    logX: true,
    series: [
      { name: 'p99', points: timed.map((r) => ({ x: r.generator.offeredEventsPerSecond, y: r.probes.latency.p99Ms })) },
      { name: 'p50', points: timed.map((r) => ({ x: r.generator.offeredEventsPerSecond, y: r.probes.latency.p50Ms })) },
    ],
    limits: [{ y: budgetMs, label: `budget ${budgetMs} ms` }],
    markers: kneeMarker(s),
  };
}

/** Where the events went: a component's line falling away from the offered rate is where it stopped keeping up. */
function intakeChart(s: SignalReport): LineChart {
  const ordered = [...s.steps].sort((a, b) => a.generator.offeredEventsPerSecond - b.generator.offeredEventsPerSecond);
  const components = [...new Set(ordered.flatMap((r) => Object.keys(r.ingestionPerSecond)))];
  return {
    title: `${signalTitle(s)}: events taken in per component vs offered rate`,
    xLabel: 'offered events per second (log scale)',
    yLabel: 'events/s',
    logX: true,
    series: [
      {
        name: 'generator sent',
        points: ordered.map((r) => ({ x: r.generator.offeredEventsPerSecond, y: r.generator.achievedEventsPerSecond })),
      },
      ...components.map((component) => ({
        name: component,
        points: ordered.flatMap((r) => {
          const perSecond = r.ingestionPerSecond[component];
          return perSecond === undefined ? [] : [{ x: r.generator.offeredEventsPerSecond, y: perSecond }];
        }),
      })),
    ],
    limits: [],
    markers: kneeMarker(s),
  };
}

/** One line per component of a figure sampled over the run, in seconds from the first sample. */
function overTime(
  samples: readonly ResourceSample[],
  title: string,
  yLabel: string,
  value: (s: ResourceSample) => number,
): LineChart {
  const start = samples[0]?.atMs ?? 0;
  const series: ChartSeries[] = [...new Set(samples.map((s) => s.service))].sort().map((service) => ({
    name: service,
    points: samples.filter((s) => s.service === service).map((s) => ({ x: (s.atMs - start) / 1000, y: value(s) })),
  }));
  return { title, xLabel: 'seconds into the run', yLabel, series, formatX: (x) => `${Math.round(x)}` };
}

/** The report's charts: per signal latency and intake against offered rate, then CPU and memory over time. */
export function reportCharts(report: LoadReport): DocumentChart[] {
  return [
    ...report.signals.flatMap((s) => [
      { chart: latencyChart(s, report.profile.budgets.p99Ms[s.signal] ?? 0), width: narrow },
      { chart: intakeChart(s), width: narrow },
    ]),
    {
      chart: overTime(report.containerSamples, 'CPU per component over time', '% of one core', (s) => s.cpuPercent),
      width: wide,
    },
    {
      chart: overTime(report.containerSamples, 'Memory per component over time', 'MiB', (s) => s.memoryBytes / 2 ** 20),
      width: wide,
    },
  ];
}
