import { cellWords } from './cell-words.ts';
import type { Block, Cell, Inline, ReportDocument } from './report-document.ts';

/** Markdown code spans end at a backtick, so a backtick inside one (a quoted log line) becomes a quote. */
const inline = (part: Inline): string =>
  part.kind === 'text' ? part.text : part.kind === 'code' ? `\`${part.text.replaceAll('`', "'")}\`` : cellWords(part);

/** The words of a cell, with what would end it (a pipe, a line break) made harmless. */
function cell(c: Cell): string {
  const words =
    c.kind === 'phrase'
      ? c.parts.map(inline).join('')
      : c.kind === 'text' || c.kind === 'code'
        ? inline(c)
        : cellWords(c);
  return words.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function block(b: Block): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [b.content.map(inline).join('')];
    case 'list':
      return b.items.map((item) => `- ${item.map(inline).join('')}`);
    case 'table':
      return [row(b.header), `|${b.header.map(() => '---|').join('')}`, ...b.rows.map((r) => row(r.map(cell)))];
  }
}

/** The summary a reviewer reads in a pull request: the knee per signal, then every step (no charts). */
export function renderMarkdown(document: ReportDocument): string {
  const lines = [`# ${document.title}`, ''];
  for (const b of document.summary) lines.push(...block(b), '');
  for (const section of document.sections) {
    if (section.heading !== undefined) lines.push(`## ${section.heading}`, '');
    for (const b of section.blocks) lines.push(...block(b), '');
  }
  return lines.join('\n');
}
