import type { ExpectedItem } from '../../fixtures/delivery/delivery-case.ts';
import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { execIn } from '../../fixtures/docker/container-exec.ts';
import { HarnessError } from '../../fixtures/harness-error.ts';
import { pollUntil } from '../../fixtures/poll/poll-until.ts';
import type { StoredLogLine } from '../../fixtures/signals/loki-api.ts';
import type { StackEndpoints } from '../../fixtures/stack/stack-endpoints.ts';
import { budgets } from '../budgets.ts';
import { storedLogLines } from './stored-log-lines.ts';

/** The harness journal's host name (compose.harness-log-sources.yaml), which its entries carry. */
const journalHost = 'harness-journal';
/** Where journald keeps the harness's (volatile) journal in its container. */
const journalDir = '/run/log/journal';
/** The priorities the entries are written at, with the keyword Alloy's journal reader labels each with. */
const priorities = [
  { priority: 'info', level: 'info' },
  { priority: 'warning', level: 'warning' },
  { priority: 'err', level: 'error' },
] as const;

export const journalProbe = { entries: 10 };

const selectorOf = (identifier: string): string => `{job="journal", service_name="${identifier}"}`;

/** The stack's journal container, which only a stack started with the opt-in log sources has. */
export function journalContainerOf(stack: StackEndpoints): string {
  if (!stack.journalContainer)
    throw new HarnessError(
      'NO_JOURNAL',
      `stack ${stack.projectName} runs without the opt-in log sources (startStack({ logSources: true }))`,
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
 * written from outside a systemd unit have none, and the harness's journald runs without systemd.) Each case
 * hands its entries over as soon as they are written, so the runner's clock runs from each entry's write.
 */
export function journalEntries(container: string, options: { rotated: boolean }) {
  const suffix = options.rotated ? 'journal-rotated' : 'journal';
  return defineCase<StoredLogLine>({
    name: suffix,
    signal: 'logs',
    hop: 'journald->alloy loki.source.journal->loki',
    budget: budgets.delivery.journal,
    async items({ clients, runId }) {
      const identifier = `${runId}-${suffix}`;
      if (options.rotated) {
        // Alloy reads the journal once Loki holds journald's own first entry ("Journal started").
        await pollUntil(
          async () => {
            const stored = await clients.loki.queryRange(
              `{job="journal", host="${journalHost}", service_name="systemd-journald"}`,
              Date.now() - 3_600_000,
              Date.now() + 1_000,
            );
            if (stored.length === 0) throw new Error(`no entry of ${journalHost}'s journald in Loki`);
          },
          { what: `Alloy reading the journal of ${container}`, timeoutMs: 60_000 },
        );
        await execIn(container, ['journalctl', '--rotate']);
      }
      const written: { line: string; level: string; sentAtMs: number }[] = [];
      for (let i = 0; i < journalProbe.entries; i++) {
        const { priority, level } = priorities[i % priorities.length] ?? priorities[0];
        const line = `entry ${i} of ${identifier} (${priority})`;
        const sentAtMs = Date.now();
        await execIn(container, ['systemd-cat', '--identifier', identifier, '--priority', priority, 'echo', line]);
        written.push({ line, level, sentAtMs });
      }
      const times = await journalTimes(container, identifier);
      const items: ExpectedItem[] = written.map(({ line, level, sentAtMs }, i) => ({
        key: line,
        label: `journal entry ${i} of ${identifier}`,
        transport: suffix,
        sentAtMs,
        fields: {
          line,
          timestampNs: times.get(line) ?? `not in the journal of ${container}`,
          labels: { job: 'journal', host: journalHost, service_name: identifier, level },
        },
      }));
      return { runId: identifier, items };
    },
    ...storedLogLines(selectorOf),
  });
}

/** Each entry's time as the journal keeps it (__REALTIME_TIMESTAMP, in microseconds), in Unix nanoseconds. */
async function journalTimes(container: string, identifier: string): Promise<Map<string, string>> {
  const out = await execIn(container, [
    'journalctl',
    '--directory',
    journalDir,
    '--identifier',
    identifier,
    '--output',
    'json',
    '--output-fields',
    'MESSAGE',
    '--no-pager',
  ]);
  const times = new Map<string, string>();
  for (const row of out.split('\n').filter(Boolean)) {
    const entry = JSON.parse(row) as { MESSAGE?: string; __REALTIME_TIMESTAMP?: string };
    if (entry.MESSAGE && entry.__REALTIME_TIMESTAMP) times.set(entry.MESSAGE, `${entry.__REALTIME_TIMESTAMP}000`);
  }
  return times;
}
