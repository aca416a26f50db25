import { describe, expect, it } from 'vitest';
import { buildReportDocument } from './build-report-document.ts';
import type { LoadReport } from './load-report.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { StepReport } from './step-report.ts';
import { stepReport } from './step-report-fixture.ts';

const step = (rate: number, p99: number, broken: string[]): StepReport =>
  stepReport(rate, p99, broken, {
    ingestionPerSecond: { 'alloy accepted': rate, 'loki received': rate * 0.9 },
    componentRejections: { 'loki discarded': 0 },
    peakMemoryBytes: { loki: 2 ** 28 },
    meanCpuPercent: { loki: 40, alloy: 25 },
    complaints: broken.length > 0 ? { loki: ['3x level=warn msg="ingestion rate limit exceeded"'] } : {},
  });

const brokenStep = step(4000, 9000, ['probe p99 latency 9000 ms over budget 5000 ms']);
const report: LoadReport = {
  profile: {
    name: 'short',
    description: 'a test',
    kind: 'step-ramp',
    shape: '16 clients; logs: 100 lines per request',
    stepSeconds: 10,
    maxDurationSeconds: 60,
    budgets: { p99Ms: { logs: 5000 }, memoryBytes: 2 ** 32 },
  },
  runId: 'r1',
  startedAt: '2026-11-21T07:00:00Z',
  durationMs: 60_000,
  ending: 'finished',
  environment: { cores: 2, images: [] },
  signals: [
    {
      signal: 'logs',
      countsSeries: false,
      steps: [step(1000, 300, []), brokenStep],
      kneeEventsPerSecond: 1000,
      firstBroken: brokenStep,
    },
  ],
  containerSamples: [
    { atMs: 0, service: 'loki', cpuPercent: 50, memoryBytes: 2 ** 27 },
    { atMs: 2000, service: 'loki', cpuPercent: 90, memoryBytes: 2 ** 28 },
  ],
};
const document = buildReportDocument(report);

describe('load report rendering', () => {
  it('puts the knee and the reason the next rate broke at the top of the markdown', () => {
    const md = renderMarkdown(document);
    expect(md).toContain('| logs | 1,000 (sent 1,000) | 4,000 | probe p99 latency 9000 ms over budget 5000 ms |');
    expect(md).toContain('| loki | 90 | 0.25 GiB |');
    expect(md).toContain('- 4000, loki: `3x level=warn msg="ingestion rate limit exceeded"`');
    expect(md).toContain('Shape: 16 clients; logs: 100 lines per request; 10 s per step.');
    expect(md).toContain(
      '| 1000 | 1,000 | 1,000 | 10 | 1,000 | 1,000 | 0 | 0 of 10 | 150 | 300 | 300 (30) | alloy accepted 1,000, loki received 900 | 65 (loki 40); generator 12 | kept |',
    );
    expect(md.indexOf('| signal | knee')).toBeLessThan(md.indexOf('## logs'));
  });

  it("states a traces step's stored count as the sampled traces Tempo holds whole", () => {
    const sampledTraces = { traces: 20, whole: 19, spansExpected: 200, spansFound: 195, shortIds: ['ab'] };
    const traced: LoadReport = {
      ...report,
      signals: [
        {
          signal: 'traces',
          countsSeries: false,
          steps: [{ ...step(1000, 300, []), sampledTraces }],
          kneeEventsPerSecond: 1000,
          firstBroken: undefined,
        },
      ],
    };
    expect(renderMarkdown(buildReportDocument(traced))).toContain('| 1,000 | 19 of 20 sampled traces whole |');
  });

  it('renders one self-contained page: charts with the knee marked, no scripts, no external resources', () => {
    const html = renderHtml(document);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('class="knee"');
    expect(html).toContain('knee 1,000/s');
    // Per signal: latency vs rate and intake vs rate; then CPU and memory over time.
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('logs: events taken in per component vs offered rate');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('<td class="broken">broken: probe p99 latency 9000 ms over budget 5000 ms</td>');
    expect(html).toContain(
      '<li>4000, loki: <code>3x level=warn msg=&quot;ingestion rate limit exceeded&quot;</code></li>',
    );
  });

  it('opens the page with the title and the knee table, then the charts, then the steps', () => {
    const html = renderHtml(document);
    const at = (marker: string): number => html.indexOf(marker);
    expect(at('<h1>Load run: short (step-ramp)</h1>')).toBeGreaterThan(0);
    expect(at('<h1>')).toBeLessThan(at('<th>signal</th>'));
    expect(at('<th>signal</th>')).toBeLessThan(at('<div class="charts">'));
    expect(at('<div class="charts">')).toBeLessThan(at('<h2>logs</h2>'));
  });
});

describe('a steady, spike or soak report', () => {
  const spikeStep = { ...step(10_000, 4000, []), step: 'spike' };
  const spiked: LoadReport = {
    ...report,
    profile: { ...report.profile, name: 'spike', kind: 'spike' },
    signals: [
      {
        signal: 'logs',
        countsSeries: false,
        steps: [step(1000, 300, []), spikeStep, step(1000, 400, [])],
        kneeEventsPerSecond: undefined,
        firstBroken: undefined,
      },
    ],
    volumeSamples: [
      { atMs: 0, volume: 'loki-data', bytes: 2 ** 20 },
      { atMs: 60_000, volume: 'loki-data', bytes: 2 ** 21 },
    ],
    findings: {
      broken: ["loki's memory grew 600 MiB per hour after the first step, over the bound of 256 MiB per hour"],
      memoryTrend: { fromMs: 1, boundBytesPerHour: 256 * 2 ** 20, bytesPerHour: { loki: 600 * 2 ** 20 } },
      spikes: [
        {
          signal: 'logs',
          protocol: 'http/protobuf',
          spikeStep: 'spike',
          baseEventsPerSecond: 1000,
          spikeEventsPerSecond: 10_000,
          refusedEvents: 1200,
          statuses: { 200: 50, 503: 12 },
          componentRejections: { 'alloy refused': 1200 },
          backlogDrainedAfterMs: 4321,
          probesMissing: 0,
          after: { step: '1000', p99Ms: 400, broken: [] },
        },
      ],
      storeCycles: { 'loki chunks flushed': 7, 'prometheus compactions': 0 },
    },
  };
  const md = renderMarkdown(buildReportDocument(spiked));

  it('opens with what the run showed as a whole, not a knee table', () => {
    expect(md).not.toContain('| signal | knee');
    expect(md).toContain('The run broke 1 of its promises as a whole:');
    expect(md.indexOf('over the bound of 256 MiB per hour')).toBeLessThan(md.indexOf('## logs'));
    expect(md).toContain('| logs | 3 | 300 | 400 | 4,000 (spike) | 5,000 |');
    expect(md).toContain('| loki | 600.0 MiB | 256.0 MiB | broken: over the bound |');
  });

  it("states the spike's cost and recovery, and the stores' flushes crossed", () => {
    expect(md).toContain(
      '| logs over http/protobuf | 1,000 → 10,000 | 1,200 (503: 12) | alloy refused 1,200 | 4,321 ms | 1000, p99 400 ms, kept every promise |',
    );
    expect(md).toContain('| loki chunks flushed | 7 |');
    expect(md).toContain('| prometheus compactions | 0 |');
  });

  it('charts its steps over time, and its disk', () => {
    const html = renderHtml(buildReportDocument(spiked));
    expect(html).toContain('logs: probe latency per step over time');
    expect(html).toContain('Disk per volume over time');
    expect(html).not.toContain('vs offered rate');
  });
});
