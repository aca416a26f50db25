import { figure, phrase, text } from './document-parts.ts';
import { type SignalReport, signalTitle } from './load-report.ts';
import type { Cell, Table } from './report-document.ts';

/** The knee as offered, and what the generator really sent at it. */
function kneeCell(s: SignalReport): Cell {
  const step = s.steps.find(
    (r) => r.generator.offeredEventsPerSecond === s.kneeEventsPerSecond && r.broken.length === 0,
  );
  return step
    ? phrase(figure(s.kneeEventsPerSecond), text(' (sent '), figure(step.generator.achievedEventsPerSecond), text(')'))
    : figure(s.kneeEventsPerSecond);
}

/** The report's answer, one row per signal: the highest rate that kept every promise, and why the next broke. */
export function kneeTable(signals: readonly SignalReport[]): Table {
  return {
    kind: 'table',
    header: ['signal', 'knee: offered events/s that kept every promise', 'first broken at', 'why'],
    rows: signals.map((s) => [
      text(signalTitle(s)),
      kneeCell(s),
      s.firstBroken ? figure(s.firstBroken.generator.offeredEventsPerSecond) : text('not reached'),
      { kind: 'reasons', reasons: s.firstBroken?.broken ?? [] },
    ]),
  };
}
