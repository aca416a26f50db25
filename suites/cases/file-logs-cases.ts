import { appendFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedItem } from '../../fixtures/delivery/delivery-case.ts';
import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { engineHost } from '../../fixtures/docker/engine-host.ts';
import { waitFor } from '../../fixtures/poll/poll-until.ts';
import { pipelineUnderTest } from '../../fixtures/stack/pipeline.ts';
import type { StoredLogLine } from '../../fixtures/signals/loki-api.ts';
import { budgets } from '../budgets.ts';
import { storedLogLines } from './stored-log-lines.ts';

/** Where compose.yaml mounts the run's LOG_FILES_DIR in Alloy (and the collector): `filename` names this path. */
const mountedAt = '/var/log/files';
const pipeline = pipelineUnderTest();
/** The tailer of the pipeline under test, for the hop its messages name. */
const tailer = pipeline === 'alloy' ? 'alloy loki.source.file' : `${pipeline} file_log`;

/**
 * A service's file lines in Loki. Only service_name is sure to be an index label: Alloy indexes job too, while
 * Loki keeps what the collector sends beside service.name as structured metadata, which a filter selects.
 */
const selectorOf = (service: string): string => `{service_name="${service}"} | job="files"`;
const levels = ['info', 'warn', 'error'] as const;

export const fileLogsProbe = { linesBeforeRotation: 10, linesAfterRotation: 10 };

/**
 * Lines a service appends to `<service>/app.log` below the run's log directory, with the file rotated in the
 * middle (renamed to app.log.1, a new app.log started) once the pipeline reads it, the way logrotate does. Each
 * line starts with its own time (which the pipeline keeps) and names its level; every one must reach Loki once,
 * with the labels a person filters on: job="files", service_name=<its folder>, filename, host, level.
 */
export function fileLogLines(logFilesDir: string) {
  return defineCase<StoredLogLine>({
    name: 'file-logs',
    signal: 'logs',
    hop: `file->${tailer}->loki`,
    budget: budgets.delivery.fileLogs,
    async items({ clients, runId }) {
      const service = `${runId}-files`;
      const folder = join(logFilesDir, service);
      mkdirSync(folder, { mode: 0o755 });
      const file = join(folder, 'app.log');
      const host = (await engineHost()).name;
      const total = fileLogsProbe.linesBeforeRotation + fileLogsProbe.linesAfterRotation;
      const items: ExpectedItem[] = [];
      for (let i = 0; i < total; i++) {
        if (i === fileLogsProbe.linesBeforeRotation) {
          // As logrotate finds it: a file Alloy is already reading. (One renamed away before Alloy's first look,
          // every 5 s, is never read: the glob no longer matches it.) Its lines in Loki say Alloy reads it.
          await waitFor(
            async () => {
              const stored = await clients.loki.queryRange(
                selectorOf(service),
                (items[0]?.sentAtMs ?? Date.now()) - 60_000,
                Date.now() + 1_000,
              );
              if (stored.length < items.length) throw new Error(`${stored.length} of ${items.length} lines`);
            },
            { what: `the lines of ${file} before its rotation`, timeoutMs: budgets.delivery.fileLogs.maxMs },
          );
          renameSync(file, `${file}.1`);
        }
        const level = levels[i % levels.length] ?? 'info';
        const writtenAtMs = Date.now();
        const line = `${new Date(writtenAtMs).toISOString()} level=${level} msg="line ${i} of ${service}"`;
        appendFileSync(file, `${line}\n`, { mode: 0o644 });
        items.push({
          key: line,
          label: `line ${i} of ${service}/app.log${i >= fileLogsProbe.linesBeforeRotation ? ' (after rotation)' : ''}`,
          transport: i < fileLogsProbe.linesBeforeRotation ? 'file' : 'file-rotated',
          sentAtMs: writtenAtMs,
          fields: {
            line,
            timestampNs: `${writtenAtMs}000000`,
            labels: { job: 'files', service_name: service, filename: `${mountedAt}/${service}/app.log`, host, level },
          },
        });
      }
      return { runId: service, items };
    },
    ...storedLogLines(selectorOf),
  });
}
