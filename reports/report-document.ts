import type { LineChart } from './svg-line-chart.ts';

/**
 * What a load report says, once, in typed parts: both the Markdown and the HTML renderer read this, so the two
 * show the same figures and neither has to guess what a piece of text means (a broken verdict is a verdict, not
 * a string that starts with "broken").
 */
export interface ReportDocument {
  title: string;
  /** What opens the report, before the charts: the run in a few lines and the knee per signal. */
  summary: Block[];
  /** Pictures of the figures (HTML only: Markdown has no charts). */
  charts: DocumentChart[];
  sections: Section[];
}

export interface Section {
  /** Undefined for closing notes that belong to no heading. */
  heading: string | undefined;
  blocks: Block[];
}

export type Block = Paragraph | BulletList | Table;

export interface Paragraph {
  kind: 'paragraph';
  content: Inline[];
}

export interface BulletList {
  kind: 'list';
  items: Inline[][];
}

export interface Table {
  kind: 'table';
  header: string[];
  rows: Cell[][];
}

/** Words, a figure or a piece of code (log lines, ids) inside a paragraph, list item or cell. */
export type Inline = Text | Figure | Code;

export interface Text {
  kind: 'text';
  text: string;
}

export interface Code {
  kind: 'code';
  text: string;
}

/** A number and how it reads; undefined or NaN reads as a dash (not measured). */
export interface Figure {
  kind: 'figure';
  value: number | undefined;
  /** `integer`: rounded, thousands grouped (1,234); `gib`: a byte count in GiB with two decimals. */
  format: 'integer' | 'gib' | 'mib';
}

/** A table cell: one inline part, several read as one phrase, or a verdict. */
export type Cell = Inline | Phrase | Verdict | Reasons;

/** Inline parts read together, e.g. `2,000 (sent 1,960)`. */
export interface Phrase {
  kind: 'phrase';
  parts: Inline[];
}

/** Whether a step kept every promise: kept when `broken` is empty, else broken for each of its reasons. */
export interface Verdict {
  kind: 'verdict';
  broken: readonly string[];
}

/** Why a step broke, without the verdict's word (the knee table's "why"). */
export interface Reasons {
  kind: 'reasons';
  reasons: readonly string[];
}

export interface DocumentChart {
  chart: LineChart;
  /** Pixels: two narrow charts side by side, or one across the page. */
  width: number;
}
