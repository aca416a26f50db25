import { pollUntil } from '../../fixtures/poll/poll-until.ts';
import type { StackControl } from '../../fixtures/faults/stack-control.ts';
import { budgets } from '../budgets.ts';

/** Log lines a source wrote on both sides of a fault, and where Loki should hold them. */
export interface LinesAcrossFault {
  /** The hop, as failure messages name it: `file->alloy loki.source.file->loki`. */
  hop: string;
  /** What was written, for a person: `/var/log/files/x/app.log`, `the journal of …`. */
  source: string;
  logql: string;
  /** In the order written. */
  lines: readonly string[];
  firstWrittenAtMs: number;
}

/**
 * After recovery, every line written before and during the fault must be in Loki exactly once: none skipped (a
 * position saved past what was sent), none read twice (a position lost or stale). Problems, as text.
 */
export async function linesStoredOnce(control: StackControl, written: LinesAcrossFault): Promise<string[]> {
  const { hop, source, logql, lines } = written;
  const fetchLines = async (): Promise<string[]> =>
    (await control.clients.loki.queryRange(logql, written.firstWrittenAtMs - 60_000, Date.now() + 1_000)).map(
      (record) => record.line,
    );
  const startedMs = Date.now();
  let stored: string[] = [];
  // Not there in time is reported below, with the data: which lines, after how long.
  await pollUntil(
    async () => {
      stored = await fetchLines();
      const missing = lines.filter((line) => !stored.includes(line));
      if (missing.length > 0) throw new Error(`${missing.length} of ${lines.length} lines missing`);
    },
    { what: `the lines of ${source} in Loki`, timeoutMs: budgets.faults.logLinesAfterRecoveryMs },
  );
  const waitedMs = Date.now() - startedMs;
  const problems: string[] = [];
  const missing = lines.filter((line) => !stored.includes(line));
  if (missing.length > 0)
    problems.push(
      `${hop}: ${missing.length} of ${lines.length} lines of ${source} not in Loki (${logql}) ${waitedMs} ms after recovery; first missing: ${missing.slice(0, 3).join(' | ')}`,
    );
  const twice = lines.filter((line) => stored.filter((s) => s === line).length > 1);
  if (twice.length > 0)
    problems.push(
      `${hop}: ${twice.length} lines of ${source} stored more than once (read again after the restart: positions lost); first: ${twice[0]}`,
    );
  return problems;
}
