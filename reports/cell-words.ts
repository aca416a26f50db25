import type { Figure, Reasons, Verdict } from './report-document.ts';

/** How a figure, a verdict or a list of reasons reads, in words: the same in every format. */
export function cellWords(cell: Figure | Verdict | Reasons): string {
  switch (cell.kind) {
    case 'figure':
      if (cell.value === undefined || Number.isNaN(cell.value)) return '–';
      if (cell.format === 'gib') return `${(cell.value / 2 ** 30).toFixed(2)} GiB`;
      if (cell.format === 'mib') return `${(cell.value / 2 ** 20).toFixed(1)} MiB`;
      return Math.round(cell.value).toLocaleString('en');
    case 'verdict':
      return cell.broken.length === 0 ? 'kept' : `broken: ${cell.broken.join('; ')}`;
    case 'reasons':
      return cell.reasons.join('; ');
  }
}
