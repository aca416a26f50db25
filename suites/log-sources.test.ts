/**
 * The opt-in log sources (stack/compose.journal.yaml, stack/compose.containers.yaml) reach Loki through Alloy:
 * the systemd journal (here the harness's own journald, the host's where a user opts in) and the stack's own
 * containers' output, read from the engine. Every entry once, at the time its source gave it, with its labels.
 *
 * @covers stack/alloy stack/loki
 */
import { describe, expect, inject } from 'vitest';
import { containerLogLinesCase } from './cases/container-logs-cases.ts';
import { journalContainerOf, journalEntries } from './cases/journal-cases.ts';
import { withDeliveries } from './harness-test.ts';

const container = journalContainerOf(inject('stack'));
const journal = journalEntries(container, { rotated: false });
const journalRotated = journalEntries(container, { rotated: true });
const containerLines = containerLogLinesCase(container);
const test = withDeliveries('log-sources', [journal, journalRotated, containerLines]);

describe('log sources: the journal and the stack containers’ output reach Loki', () => {
  test('every journal entry arrives once, with its time, host, identifier and level', async ({ deliveries }) => {
    expect(await deliveries.result(journal.name)).toHaveNoFailures();
  });

  test('so does every entry written after the journal’s files are rotated', async ({ deliveries }) => {
    expect(await deliveries.result(journalRotated.name)).toHaveNoFailures();
  });

  test('every line a container writes to its output arrives once, with its time, container, host and level', async ({
    deliveries,
  }) => {
    expect(await deliveries.result(containerLines.name)).toHaveNoFailures();
  });
});
