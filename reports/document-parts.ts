import type { Code, Figure, Inline, Paragraph, Phrase, Text } from './report-document.ts';

/** Short constructors for the document's parts, so the builders read like the report they build. */
export const text = (words: string): Text => ({ kind: 'text', text: words });
export const code = (source: string): Code => ({ kind: 'code', text: source });
export const figure = (value: number | undefined, format: Figure['format'] = 'integer'): Figure => ({
  kind: 'figure',
  value,
  format,
});
export const phrase = (...parts: Inline[]): Phrase => ({ kind: 'phrase', parts });
export const paragraph = (...content: Inline[]): Paragraph => ({ kind: 'paragraph', content });
