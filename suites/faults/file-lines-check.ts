import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil } from '../../fixtures/poll/poll-until.ts';
import { budgets } from '../budgets.ts';
import type { FaultChecks } from './fault-cases.ts';

/** The lines a file-lines check wrote, and where, for its `after` to look them up. */
export interface FileLinesWritten {
  service: string;
  file: string;
  /** In the order written. */
  lines: string[];
  firstWrittenAtMs: number;
}

const linesPerPhase = 10;

/** Where loki.source.file "files" keeps its read positions, below Alloy's --storage.path (compose.yaml). */
const positionsFile = '/var/lib/alloy/data/loki.source.file.files/positions.yml';
/** Where compose.yaml mounts the run's log directory in Alloy. */
const mountedAt = '/var/log/files';

/**
 * The offset Alloy's positions file holds for one file, if any. Alloy writes it as
 * `? path: <file>\n    labels: '{...}'\n  : "<offset>"`, every 10 s (and on a clean shutdown).
 */
export function positionOf(positionsYaml: string, path: string): number | undefined {
  const at = positionsYaml.indexOf(`path: ${path}\n`);
  if (at < 0) return undefined;
  const offset = /\n\s*: "(\d+)"/.exec(positionsYaml.slice(at));
  return offset ? Number(offset[1]) : undefined;
}

/**
 * The lines carry no time of their own, so Alloy stamps each when it reads it: a line read twice (a lost or
 * stale positions file) is stored twice. (Loki drops a line that repeats another's time and text exactly.)
 */
function appendLines(written: FileLinesWritten, phase: string): void {
  for (let i = 0; i < linesPerPhase; i++) {
    const line = `level=info msg="${phase} line ${i} of ${written.service}"`;
    appendFileSync(written.file, `${line}\n`, { mode: 0o644 });
    written.lines.push(line);
  }
}

/**
 * A log file written on both sides of a fault: lines before it, and lines while it lasts (Alloy or Loki down).
 * After recovery each must be in Loki exactly once: Alloy's positions file survived a restart (nothing read
 * twice, nothing skipped), and what Alloy read while Loki was away was kept until it came back.
 */
export function fileLinesAcrossFault(faultSlug: string): FaultChecks<FileLinesWritten> {
  return {
    async before(control) {
      const service = `${control.endpoints.runId}-${faultSlug}`;
      const folder = join(control.endpoints.logFilesDir, service);
      mkdirSync(folder, { mode: 0o755 });
      const written = { service, file: join(folder, 'app.log'), lines: [], firstWrittenAtMs: Date.now() };
      appendLines(written, 'before the fault');
      // Alloy saves what it has read every 10 s: a kill before that reads the lines again (at least once, by
      // design). The promise is about positions once saved, so the fault waits until they are.
      const inAlloy = `${mountedAt}/${service}/app.log`;
      const size = statSync(written.file).size;
      await pollUntil(
        async () => {
          const position = positionOf(await control.readFile('alloy', positionsFile), inAlloy);
          if (position !== size) throw new Error(`position ${position ?? 'absent'}, file size ${size}`);
        },
        { what: `Alloy's saved position of ${inAlloy} in ${positionsFile}`, timeoutMs: 30_000 },
      );
      return written;
    },
    async during(_control, written) {
      appendLines(written, 'during the fault');
    },
    async after(control, written) {
      const logql = `{job="files", service_name="${written.service}"}`;
      const fetchLines = async (): Promise<string[]> =>
        (await control.clients.loki.queryRange(logql, written.firstWrittenAtMs - 60_000, Date.now() + 1_000)).map(
          (record) => record.line,
        );
      const startedMs = Date.now();
      let stored: string[] = [];
      try {
        await pollUntil(
          async () => {
            stored = await fetchLines();
            const missing = written.lines.filter((line) => !stored.includes(line));
            if (missing.length > 0) throw new Error(`${missing.length} of ${written.lines.length} lines missing`);
          },
          { what: `the lines of ${written.file} in Loki`, timeoutMs: budgets.delivery.fileLogs.maxMs },
        );
      } catch {
        // Reported below with the data: which lines, after how long.
      }
      const waitedMs = Date.now() - startedMs;
      const problems: string[] = [];
      const missing = written.lines.filter((line) => !stored.includes(line));
      if (missing.length > 0)
        problems.push(
          `file->alloy loki.source.file->loki: ${missing.length} of ${written.lines.length} lines of ${written.file} not in Loki (${logql}) ${waitedMs} ms after recovery; first missing: ${missing.slice(0, 3).join(' | ')}`,
        );
      const twice = written.lines.filter((line) => stored.filter((s) => s === line).length > 1);
      if (twice.length > 0)
        problems.push(
          `file->alloy loki.source.file->loki: ${twice.length} lines of ${written.file} stored more than once (read again after the restart: positions lost); first: ${twice[0]}`,
        );
      return problems;
    },
  };
}
