import type { LoadReport } from './load-report.ts';
import { escapeHtml } from './escape-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { svgLineChart, type ChartSeries } from './svg-line-chart.ts';

/** Figures line up on the right; words read from the left; a broken verdict stands out. */
const cellClass = (cell: string): string =>
  /^broken/.test(cell) ? ' class="broken"' : /^[-–\d,. ]*$/.test(cell) ? '' : ' class="text"';

const inlineCode = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The Markdown the summary uses (headings, paragraphs, tables, bullet lists) as HTML. */
function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  let table: string[][] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (list.length > 0) out.push(`<ul>${list.map((item) => `<li>${inlineCode(item)}</li>`).join('')}</ul>`);
    list = [];
    if (table.length === 0) return;
    const [head, , ...rows] = table;
    out.push(
      `<table><thead><tr>${(head ?? []).map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td${cellClass(c)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
    );
    table = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      table.push(
        line
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim()),
      );
      continue;
    }
    if (line.startsWith('- ')) {
      list.push(line.slice(2));
      continue;
    }
    flush();
    if (line.startsWith('## ')) out.push(`<h2>${escapeHtml(line.slice(3))}</h2>`);
    else if (line.startsWith('# ')) out.push(`<h1>${escapeHtml(line.slice(2))}</h1>`);
    else if (line.trim() !== '') out.push(`<p>${inlineCode(line)}</p>`);
  }
  flush();
  return out.join('\n');
}

/** One self-contained page (no network, no scripts): charts first, then the same tables as report.md. */
export function renderHtml(report: LoadReport): string {
  const charts: string[] = [];
  for (const s of report.signals) {
    const budgetMs = report.profile.budgets.p99Ms[s.signal] ?? 0;
    charts.push(
      svgLineChart(
        {
          title: `${s.signal}: probe latency vs offered rate`,
          xLabel: 'offered events per second (log scale)',
          yLabel: 'ms',
          logX: true,
          series: [
            {
              name: 'p99',
              points: s.steps
                .filter((r) => r.probes.latency.count > 0)
                .map((r) => ({ x: r.generator.offeredEventsPerSecond, y: r.probes.latency.p99Ms })),
            },
            {
              name: 'p50',
              points: s.steps
                .filter((r) => r.probes.latency.count > 0)
                .map((r) => ({ x: r.generator.offeredEventsPerSecond, y: r.probes.latency.p50Ms })),
            },
          ],
          limits: [{ y: budgetMs, label: `budget ${budgetMs} ms` }],
          markers:
            s.kneeEventsPerSecond === undefined
              ? []
              : [{ x: s.kneeEventsPerSecond, label: `knee ${s.kneeEventsPerSecond.toLocaleString('en')}/s` }],
        },
        550,
      ),
    );
    // Where the events went: a component's line falling away from the offered rate is where it stopped keeping up.
    const ordered = [...s.steps].sort(
      (a, b) => a.generator.offeredEventsPerSecond - b.generator.offeredEventsPerSecond,
    );
    const components = [...new Set(ordered.flatMap((r) => Object.keys(r.ingestionPerSecond)))];
    charts.push(
      svgLineChart(
        {
          title: `${s.signal}: events taken in per component vs offered rate`,
          xLabel: 'offered events per second (log scale)',
          yLabel: 'events/s',
          logX: true,
          series: [
            {
              name: 'generator sent',
              points: ordered.map((r) => ({
                x: r.generator.offeredEventsPerSecond,
                y: r.generator.achievedEventsPerSecond,
              })),
            },
            ...components.map((component) => ({
              name: component,
              points: ordered
                .filter((r) => r.ingestionPerSecond[component] !== undefined)
                .map((r) => ({ x: r.generator.offeredEventsPerSecond, y: r.ingestionPerSecond[component] as number })),
            })),
          ],
          limits: [],
          markers:
            s.kneeEventsPerSecond === undefined
              ? []
              : [{ x: s.kneeEventsPerSecond, label: `knee ${s.kneeEventsPerSecond.toLocaleString('en')}/s` }],
        },
        550,
      ),
    );
  }
  const start = report.containerSamples[0]?.atMs ?? 0;
  const byService = (value: (s: LoadReport['containerSamples'][number]) => number): ChartSeries[] =>
    [...new Set(report.containerSamples.map((s) => s.service))].sort().map((service) => ({
      name: service,
      points: report.containerSamples
        .filter((s) => s.service === service)
        .map((s) => ({ x: (s.atMs - start) / 1000, y: value(s) })),
    }));
  charts.push(
    svgLineChart(
      {
        title: 'CPU per component over time',
        xLabel: 'seconds into the run',
        yLabel: '% of one core',
        series: byService((s) => s.cpuPercent),
        formatX: (x) => `${Math.round(x)}`,
      },
      1116,
    ),
  );
  charts.push(
    svgLineChart(
      {
        title: 'Memory per component over time',
        xLabel: 'seconds into the run',
        yLabel: 'MiB',
        series: byService((s) => s.memoryBytes / 2 ** 20),
        formatX: (x) => `${Math.round(x)}`,
      },
      1116,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load run ${escapeHtml(report.profile.name)} ${escapeHtml(report.runId)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 1140px; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
td.broken { color: #b00; text-align: left; }
td.text { text-align: left; }
li code { font-size: 12px; word-break: break-all; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.charts svg { display: block; border: 1px solid #eee; }
</style></head><body>
<div class="charts">${charts.join('\n')}</div>
${markdownToHtml(renderMarkdown(report))}
</body></html>
`;
}
