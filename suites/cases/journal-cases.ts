import type { ExpectedItem } from '../../fixtures/delivery/delivery-case.ts';
import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { execIn } from '../../fixtures/docker/container-exec.ts';
import { HarnessError } from '../../fixtures/harness-error.ts';
import { waitFor } from '../../fixtures/poll/poll-until.ts';
import type { StoredLogLine } from '../../fixtures/signals/loki-api.ts';
import type { StackEndpoints } from '../../fixtures/stack/stack-endpoints.ts';
import { pipelineUnderTest } from '../../fixtures/stack/pipeline.ts';
import { budgets } from '../budgets.ts';
import { storedLogLines } from './stored-log-lines.ts';

/** The harness journal's host name (compose.harness-log-sources.yaml), which its entries carry. */
const journalHost = 'harness-journal';
/** Where journald keeps the harness's (volatile) journal in its container. */
export const journalDir = '/run/log/journal';
/** The priorities the entries are written at, with the keyword Alloy's journal reader labels each with. */
const priorities = [
  { priority: 'info', level: 'info' },
  { priority: 'warning', level: 'warning' },
  { priority: 'err', level: 'error' },
] as const;

export const journalProbe = { entries: 10 };

/** The journal reader of the pipeline under test, for the hop its messages name. */
const journalReader = pipelineUnderTest() === 'alloy' ? 'alloy loki.source.journal' : 'otelcol journald';

/**
 * An identifier's entries in Loki. Only service_name is sure to be an index label: Alloy indexes job too, while
 * the collector's entries carry it as structured metadata (Loki's OTLP endpoint indexes the service).
 */
export const journalSelectorOf = (identifier: string): string => `{service_name="${identifier}"} | job="journal"`;

/** The stack's journal container, which only a stack started with the opt-in log sources has. */
export function journalContainerOf(stack: StackEndpoints): string {
  if (!stack.journalContainer)
    throw new HarnessError(
      'NO_JOURNAL',
      `stack ${stack.projectName} runs without the opt-in log sources (startStack({ logSources: ['journal'] }))`,
    );
  return stack.journalContainer;
}

/**
 * Entries a program writes to the journal (systemd-cat, under its own syslog identifier). With `rotated`, the
 * journal's files are rotated first (journalctl --rotate, as journald does when a file is full), once Alloy is
 * reading them, so the entries are in a file Alloy has not opened yet; the two cases run at once, so the rotation
 * falls among the other case's entries too. Each entry must reach Loki once, at the time the journal gave it
 * (read back from the journal: the emitter's own statement), so in the order written, with the labels a person
 * filters on: job="journal", host, service_name (the identifier) and level (the priority). (No unit: entries
 * written from outside a systemd unit have none, and the harness's journald runs without systemd.) All entries
 * are written by one `docker exec`, and each one's clock starts at the time the journal gave it: the delivery's
 * latency is the pipeline's, not the time taken to write the entries after it.
 */
export function journalEntries(container: string, options: { rotated: boolean }) {
  const suffix = options.rotated ? 'journal-rotated' : 'journal';
  return defineCase<StoredLogLine>({
    name: suffix,
    signal: 'logs',
    hop: `journald->${journalReader}->loki`,
    budget: budgets.delivery.journal,
    async items({ clients, runId }) {
      const identifier = `${runId}-${suffix}`;
      if (options.rotated) {
        // The pipeline is reading the journal once an entry written now is in Loki; then the files rotate.
        const marker = `${identifier}-reader`;
        await execIn(container, ['systemd-cat', '--identifier', marker, 'echo', `before the rotation`]);
        await waitFor(
          async () => {
            const stored = await clients.loki.queryRange(
              journalSelectorOf(marker),
              Date.now() - 600_000,
              Date.now() + 1_000,
            );
            if (stored.length === 0) throw new Error(`no entry of ${marker} in Loki`);
          },
          { what: `the pipeline reading the journal of ${container}`, timeoutMs: 60_000 },
        );
        await execIn(container, ['journalctl', '--rotate']);
      }
      const written = Array.from({ length: journalProbe.entries }, (_, i) => {
        const { priority, level } = priorities[i % priorities.length] ?? priorities[0];
        return { line: `entry ${i} of ${identifier} (${priority})`, priority, level };
      });
      const writtenAtMs = Date.now();
      await execIn(container, [
        'sh',
        '-c',
        'id=$1; shift; while [ $# -gt 0 ]; do echo "$2" | systemd-cat --identifier "$id" --priority "$1"; shift 2; done',
        'sh',
        identifier,
        ...written.flatMap(({ priority, line }) => [priority, line]),
      ]);
      const times = await journalTimes(container, identifier);
      const items: ExpectedItem[] = written.map(({ line, level }, i) => {
        const timestampNs = times.get(line);
        return {
          key: line,
          label: `journal entry ${i} of ${identifier}`,
          transport: suffix,
          sentAtMs: timestampNs ? Number(BigInt(timestampNs) / 1_000_000n) : writtenAtMs,
          fields: {
            line,
            timestampNs: timestampNs ?? `not in the journal of ${container}`,
            labels: { job: 'journal', host: journalHost, service_name: identifier, level },
          },
        };
      });
      return { runId: identifier, items };
    },
    ...storedLogLines(journalSelectorOf),
  });
}

/** One identifier's entries in the harness's journal, as `journalctl --output <output>` prints them. */
export function readJournal(
  container: string,
  identifier: string,
  output: 'json' | 'cat',
  options: readonly string[] = [],
): Promise<string> {
  return execIn(container, [
    'journalctl',
    '--directory',
    journalDir,
    '--identifier',
    identifier,
    '--output',
    output,
    ...options,
    '--no-pager',
  ]);
}

/** Each entry's time as the journal keeps it (__REALTIME_TIMESTAMP, in microseconds), in Unix nanoseconds. */
async function journalTimes(container: string, identifier: string): Promise<Map<string, string>> {
  const out = await readJournal(container, identifier, 'json', ['--output-fields', 'MESSAGE']);
  const times = new Map<string, string>();
  for (const row of out.split('\n').filter(Boolean)) {
    const entry = JSON.parse(row) as { MESSAGE?: string; __REALTIME_TIMESTAMP?: string };
    if (entry.MESSAGE && entry.__REALTIME_TIMESTAMP) times.set(entry.MESSAGE, `${entry.__REALTIME_TIMESTAMP}000`);
  }
  return times;
}
