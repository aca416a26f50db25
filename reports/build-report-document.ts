import { code, paragraph, text } from './document-parts.ts';
import { findingsBlocks } from './findings-section.ts';
import { kneeTable } from './knee-table.ts';
import type { LoadReport } from './load-report.ts';
import { peakUseSection } from './peak-use-section.ts';
import { reportCharts } from './report-charts.ts';
import type { Block, ReportDocument, Section } from './report-document.ts';
import { signalSection } from './signal-section.ts';

/** What the step tables' figures mean: said once, at the end. */
const notes: Section = {
  heading: undefined,
  blocks: [
    paragraph(
      text(
        'Promises: probe p99 latency within budget, no probe lost, no accepted log line or metric point lost, every metric series stored, nothing refused or dropped by Alloy, Loki, Tempo or Prometheus, memory within budget, and the offered rate really sent.',
      ),
    ),
    paragraph(
      text(
        '"Taken in per second" is the growth of each component\'s own counter from the step\'s start to a scrape after its end, per second of sending.',
      ),
    ),
  ],
};

/**
 * The load report as a document, built once and rendered to Markdown and to HTML. It opens with what a reviewer
 * came for (the run, and the knee per signal or what a steady, spike or soak run showed), then the charts, then every step per signal and each component's
 * peak use.
 */
export function buildReportDocument(report: LoadReport): ReportDocument {
  const { profile } = report;
  const summary: Block[] = [
    ...(profile.description === '' ? [] : [paragraph(text(profile.description))]),
    paragraph(
      text('Run '),
      code(report.runId),
      text(
        `, started ${report.startedAt}, ${Math.round(report.durationMs / 1000)} s, ${report.ending}; ${report.environment.cores} cores; pipeline ${report.environment.pipeline ?? 'alloy'}.`,
      ),
    ),
    paragraph(text(`Shape: ${profile.shape}; ${profile.stepSeconds} s per step.`)),
    // A step-ramp is read for its knee; a steady, spike or soak run for what it showed as a whole.
    ...(profile.kind === 'step-ramp' ? [kneeTable(report.signals)] : findingsBlocks(report)),
  ];
  return {
    title: `Load run: ${profile.name} (${profile.kind})`,
    summary,
    charts: reportCharts(report),
    sections: [
      ...report.signals.map(signalSection),
      peakUseSection(report.containerSamples, report.volumeSamples ?? []),
      notes,
    ],
  };
}
