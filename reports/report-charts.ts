import {
  type LoadReport,
  type ResourceSample,
  type SignalReport,
  signalTitle,
  type VolumeSizeSample,
} from './load-report.ts';
import type { StepReport } from './step-report.ts';
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

/**
 * A steady, spike or soak run at a glance: each step's probe latency and each component's intake against time
 * into the run (its rates barely change, so against the rate every step would sit on one point).
 */
function stepsOverTime(s: SignalReport, budgetMs: number, runStartMs: number): LineChart[] {
  const at = (r: StepReport): number => (r.startedAtMs - runStartMs) / 1000;
  const timed = s.steps.filter((r) => r.probes.latency.count > 0);
  const components = [...new Set(s.steps.flatMap((r) => Object.keys(r.ingestionPerSecond)))];
  const formatX = (x: number): string => `${Math.round(x)}`;
  return [
    {
      title: `${signalTitle(s)}: probe latency per step over time`,
      xLabel: 'seconds into the run, at the step’s start',
      yLabel: 'ms',
      series: [
        { name: 'p99', points: timed.map((r) => ({ x: at(r), y: r.probes.latency.p99Ms })) },
        { name: 'p50', points: timed.map((r) => ({ x: at(r), y: r.probes.latency.p50Ms })) },
      ],
      limits: [{ y: budgetMs, label: `budget ${budgetMs} ms` }],
      formatX,
    },
    {
      title: `${signalTitle(s)}: events per second per step over time`,
      xLabel: 'seconds into the run, at the step’s start',
      yLabel: 'events/s',
      series: [
        { name: 'offered', points: s.steps.map((r) => ({ x: at(r), y: r.generator.offeredEventsPerSecond })) },
        ...components.map((component) => ({
          name: component,
          points: s.steps.flatMap((r) => {
            const perSecond = r.ingestionPerSecond[component];
            return perSecond === undefined ? [] : [{ x: at(r), y: perSecond }];
          }),
        })),
      ],
      limits: [],
      formatX,
    },
  ];
}

/** Each volume's size over the run: where a soak's disk went. */
function volumesOverTime(volumes: readonly VolumeSizeSample[], runStartMs: number): LineChart {
  const series: ChartSeries[] = [...new Set(volumes.map((v) => v.volume))].sort().map((volume) => ({
    name: volume,
    points: volumes
      .filter((v) => v.volume === volume)
      .map((v) => ({ x: (v.atMs - runStartMs) / 1000, y: v.bytes / 2 ** 20 })),
  }));
  return {
    title: 'Disk per volume over time',
    xLabel: 'seconds into the run',
    yLabel: 'MiB',
    series,
    formatX: (x) => `${Math.round(x)}`,
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

/**
 * The report's charts: per signal latency and intake against offered rate (a step-ramp) or against time (the
 * others), then CPU, memory and disk over time.
 */
export function reportCharts(report: LoadReport): DocumentChart[] {
  const runStartMs = Date.parse(report.startedAt);
  const budget = (s: SignalReport): number => report.profile.budgets.p99Ms[s.signal] ?? 0;
  const volumes = report.volumeSamples ?? [];
  return [
    ...report.signals.flatMap((s) =>
      report.profile.kind === 'step-ramp'
        ? [
            { chart: latencyChart(s, budget(s)), width: narrow },
            { chart: intakeChart(s), width: narrow },
          ]
        : stepsOverTime(s, budget(s), runStartMs).map((chart) => ({ chart, width: narrow })),
    ),
    {
      chart: overTime(report.containerSamples, 'CPU per component over time', '% of one core', (s) => s.cpuPercent),
      width: wide,
    },
    {
      chart: overTime(report.containerSamples, 'Memory per component over time', 'MiB', (s) => s.memoryBytes / 2 ** 20),
      width: wide,
    },
    ...(volumes.length > 0 ? [{ chart: volumesOverTime(volumes, runStartMs), width: wide }] : []),
  ];
}
