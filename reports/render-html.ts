import { cellWords } from './cell-words.ts';
import { escapeHtml } from './escape-html.ts';
import type { Block, Cell, Inline, ReportDocument, Section } from './report-document.ts';
import { svgLineChart } from './svg-line-chart.ts';

const inline = (part: Inline): string =>
  part.kind === 'text'
    ? escapeHtml(part.text)
    : part.kind === 'code'
      ? `<code>${escapeHtml(part.text)}</code>`
      : escapeHtml(cellWords(part));

/** Figures line up on the right (the default); words read from the left; a broken verdict stands out. */
function cell(c: Cell): string {
  switch (c.kind) {
    case 'figure':
      return `<td>${inline(c)}</td>`;
    case 'text':
    case 'code':
      return `<td class="text">${inline(c)}</td>`;
    case 'phrase':
      return `<td class="text">${c.parts.map(inline).join('')}</td>`;
    case 'verdict':
      return `<td class="${c.broken.length === 0 ? 'text' : 'broken'}">${escapeHtml(cellWords(c))}</td>`;
    case 'reasons':
      return `<td class="${c.reasons.length === 0 ? 'text' : 'broken'}">${escapeHtml(cellWords(c))}</td>`;
  }
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${b.content.map(inline).join('')}</p>`;
    case 'list':
      return `<ul>${b.items.map((item) => `<li>${item.map(inline).join('')}</li>`).join('')}</ul>`;
    case 'table':
      return `<table><thead><tr>${b.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
  }
}

const section = (s: Section): string =>
  [...(s.heading === undefined ? [] : [`<h2>${escapeHtml(s.heading)}</h2>`]), ...s.blocks.map(block)].join('\n');

/** One self-contained page (no network, no scripts): the summary, the charts, then every step as in report.md. */
export function renderHtml(document: ReportDocument): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.title)}</title>
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
<h1>${escapeHtml(document.title)}</h1>
${document.summary.map(block).join('\n')}
<div class="charts">${document.charts.map((c) => svgLineChart(c.chart, c.width)).join('\n')}</div>
${document.sections.map(section).join('\n')}
</body></html>
`;
}
