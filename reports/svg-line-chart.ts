import { escapeHtml } from './escape-html.ts';

/** A small, dependency-free SVG line chart: the HTML report stays one self-contained file with no scripts. */
export interface ChartSeries {
  name: string;
  points: { x: number; y: number }[];
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  logX?: boolean;
  /** Vertical markers (the knee) and horizontal lines (a budget). */
  markers?: { x: number; label: string }[];
  limits?: { y: number; label: string }[];
  formatX?: (x: number) => string;
}

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const compact = (n: number): string =>
  Math.abs(n) >= 1e6
    ? `${(n / 1e6).toFixed(1)}M`
    : Math.abs(n) >= 1e3
      ? `${(n / 1e3).toFixed(1)}k`
      : `${Math.round(n * 10) / 10}`;

export function svgLineChart(chart: LineChart, width = 640, height = 300): string {
  const pad = { left: 64, right: 16, top: 32, bottom: 44 };
  const all = chart.series.flatMap((s) => s.points);
  const xs = [...all.map((p) => p.x), ...(chart.markers ?? []).map((m) => m.x)];
  const ys = [...all.map((p) => p.y), ...(chart.limits ?? []).map((l) => l.y), 0];
  const fx = (x: number): number => (chart.logX ? Math.log10(Math.max(x, 1e-9)) : x);
  const [x0, x1] = xs.length ? [Math.min(...xs.map(fx)), Math.max(...xs.map(fx))] : [0, 1];
  const y1 = ys.length ? Math.max(...ys) * 1.1 || 1 : 1;
  const px = (x: number): number => pad.left + ((fx(x) - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const py = (y: number): number => height - pad.bottom - (y / y1) * (height - pad.top - pad.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(chart.title)}">`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeHtml(chart.title)}</text>`,
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#333"/>`,
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle" font-size="12">${escapeHtml(chart.xLabel)}</text>`,
    `<text x="14" y="${height / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${height / 2})">${escapeHtml(chart.yLabel)}</text>`,
  ];
  for (let i = 0; i <= 4; i += 1) {
    const y = (y1 * i) / 4;
    parts.push(
      `<text x="${pad.left - 6}" y="${py(y) + 4}" text-anchor="end" font-size="10">${compact(y)}</text>`,
      `<line x1="${pad.left}" y1="${py(y)}" x2="${width - pad.right}" y2="${py(y)}" stroke="#eee"/>`,
    );
  }
  // Tick labels at the data's x values, skipping any that would overprint its left neighbour (bisected rates sit close).
  let lastTickPx = -Infinity;
  const xTicks = [...new Set(all.map((p) => p.x))]
    .sort((a, b) => a - b)
    .filter((x) => {
      if (px(x) - lastTickPx < 40) return false;
      lastTickPx = px(x);
      return true;
    });
  for (const x of xTicks) {
    parts.push(
      `<text x="${px(x)}" y="${height - pad.bottom + 14}" text-anchor="middle" font-size="10">${escapeHtml((chart.formatX ?? compact)(x))}</text>`,
    );
  }
  for (const limit of chart.limits ?? []) {
    parts.push(
      `<line x1="${pad.left}" y1="${py(limit.y)}" x2="${width - pad.right}" y2="${py(limit.y)}" stroke="#d62728" stroke-dasharray="6 4"/>`,
      `<text x="${pad.left + 4}" y="${py(limit.y) - 4}" font-size="10" fill="#d62728">${escapeHtml(limit.label)}</text>`,
    );
  }
  for (const marker of chart.markers ?? []) {
    parts.push(
      `<line class="knee" x1="${px(marker.x)}" y1="${pad.top}" x2="${px(marker.x)}" y2="${height - pad.bottom}" stroke="#2ca02c" stroke-width="2"/>`,
      `<text x="${px(marker.x) + (px(marker.x) > width - 120 ? -4 : 4)}" y="${pad.top + 26}" text-anchor="${px(marker.x) > width - 120 ? 'end' : 'start'}" font-size="11" fill="#2ca02c">${escapeHtml(marker.label)}</text>`,
    );
  }
  // Legend entries sit side by side, each as wide as its name (about 6.5 px a character at 11 px), and wrap.
  let legendX = pad.left + 8;
  let legendY = pad.top - 2;
  chart.series.forEach((s, i) => {
    const color = palette[i % palette.length] as string;
    const points = [...s.points].sort((a, b) => a.x - b.x);
    if (points.length > 1)
      parts.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`,
      );
    for (const p of points) {
      parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${color}"/>`);
    }
    const entryWidth = 28 + s.name.length * 6.5;
    if (legendX + entryWidth > width - pad.right && legendX > pad.left + 8) {
      legendX = pad.left + 8;
      legendY += 14;
    }
    parts.push(
      `<rect x="${legendX}" y="${legendY}" width="10" height="10" fill="${color}"/><text x="${legendX + 14}" y="${legendY + 9}" font-size="11">${escapeHtml(s.name)}</text>`,
    );
    legendX += entryWidth;
  });
  parts.push('</svg>');
  return parts.join('');
}
