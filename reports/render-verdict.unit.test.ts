import { describe, expect, it } from 'vitest';
import { figure, text } from './document-parts.ts';
import type { ReportDocument } from './report-document.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';

/** A step table with one kept and one broken step, whose reasons contain what would upset either format. */
const document: ReportDocument = {
  title: 'verdicts',
  summary: [],
  charts: [],
  sections: [
    {
      heading: 'logs',
      blocks: [
        {
          kind: 'table',
          header: ['step', 'offered/s', 'verdict'],
          rows: [
            [text('logs-1'), figure(1000), { kind: 'verdict', broken: [] }],
            [
              text('logs-2'),
              figure(4000),
              { kind: 'verdict', broken: ['p99 <9000> ms over budget', 'loki discarded (a|b) 7 events'] },
            ],
          ],
        },
      ],
    },
  ],
};

describe('a broken verdict', () => {
  it('reads as "broken:" and its reasons in Markdown, escaped so the table holds', () => {
    const md = renderMarkdown(document);
    expect(md).toContain('| logs-1 | 1,000 | kept |');
    expect(md).toContain('| logs-2 | 4,000 | broken: p99 <9000> ms over budget; loki discarded (a\\|b) 7 events |');
  });

  it('is styled as broken in HTML because it is a verdict, whatever its words', () => {
    const html = renderHtml(document);
    expect(html).toContain('<td class="text">kept</td>');
    expect(html).toContain(
      '<td class="broken">broken: p99 &lt;9000&gt; ms over budget; loki discarded (a|b) 7 events</td>',
    );
    // A figure is right-aligned (no class); only the verdict cell is marked broken.
    expect(html).toContain('<td>4,000</td>');
    expect(html.match(/class="broken"/g)).toHaveLength(1);
  });

  it('is not recognised from text: a text cell that starts with "broken" stays text', () => {
    const html = renderHtml({
      ...document,
      sections: [{ heading: undefined, blocks: [{ kind: 'table', header: ['note'], rows: [[text('broken glass')]] }] }],
    });
    expect(html).toContain('<td class="text">broken glass</td>');
    expect(html).not.toContain('class="broken"');
  });
});
