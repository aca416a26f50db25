import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../fixtures/poll/poll-until.ts';
import type { FaultChecks } from './fault-cases.ts';
import { linesStoredOnce } from './lines-stored-once.ts';

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
      await waitFor(
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
    after: (control, written) =>
      linesStoredOnce(control, {
        hop: 'file->alloy loki.source.file->loki',
        source: written.file,
        logql: `{job="files", service_name="${written.service}"}`,
        lines: written.lines,
        firstWrittenAtMs: written.firstWrittenAtMs,
      }),
  };
}
