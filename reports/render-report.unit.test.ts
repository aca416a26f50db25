import { describe, expect, it } from 'vitest';
import { buildReportDocument } from './build-report-document.ts';
import type { LoadReport } from './load-report.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { StepReport } from './step-report.ts';

const step = (rate: number, p99: number, broken: string[]): StepReport => ({
  step: String(rate),
  startedAtMs: 0,
  endedAtMs: 1,
  generator: {
    sentEvents: rate,
    acceptedEvents: rate,
    rejectedEvents: 0,
    failedEvents: 0,
    statuses: { 200: 1 },
    seriesWritten: 0,
    offeredEventsPerSecond: rate,
    achievedEventsPerSecond: rate,
    answeredRequestsPerSecond: rate / 100,
    workers: 2,
    cpuPercent: 12,
    elapsedMs: 1000,
  },
  probes: {
    sent: 10,
    received: 10,
    missing: 0,
    latency: { count: 10, p50Ms: p99 / 2, p95Ms: p99, p99Ms: p99, maxMs: p99 },
  },
  storedEvents: rate,
  storedSeries: undefined,
  activeSeries: undefined,
  sampledTraces: undefined,
  ingestionPerSecond: { 'alloy accepted': rate, 'loki received': rate * 0.9 },
  componentRejections: { 'loki discarded': 0 },
  peakMemoryBytes: { loki: 2 ** 28 },
  meanCpuPercent: { loki: 40, alloy: 25 },
  broken,
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
      '| 1000 | 1,000 | 1,000 | 10 | 1,000 | 1,000 | 0 | 0 of 10 | 150 | 300 | alloy accepted 1,000, loki received 900 | 65 (loki 40); generator 12 | kept |',
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
