/**
 * The opt-in journal (stack/compose.journal.yaml, or compose.otelcol-journal.yaml in the otelcol variant) reaches
 * Loki through the pipeline's journal reader: here the harness's own journald, the host's where a user opts in.
 * Every entry once, at the time the journal gave it, with its labels, a rotation of the journal's files included.
 *
 * @covers stack/alloy stack/otelcol stack/loki
 */
import { describe, expect, inject } from 'vitest';
import { journalContainerOf, journalEntries } from './cases/journal-cases.ts';
import { withDeliveries } from './harness-test.ts';

const container = journalContainerOf(inject('stack'));
const journal = journalEntries(container, { rotated: false });
const journalRotated = journalEntries(container, { rotated: true });
const test = withDeliveries('journal', [journal, journalRotated]);

describe('journal: entries written to the systemd journal reach Loki', () => {
  test('every journal entry arrives once, with its time, host, identifier and level', async ({ deliveries }) => {
    expect(await deliveries.result(journal.name)).toHaveNoFailures();
  });

  test('so does every entry written after the journal’s files are rotated', async ({ deliveries }) => {
    expect(await deliveries.result(journalRotated.name)).toHaveNoFailures();
  });
});
