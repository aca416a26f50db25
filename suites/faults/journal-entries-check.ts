import { execIn } from '../../fixtures/docker/container-exec.ts';
import type { StackControl } from '../../fixtures/faults/stack-control.ts';
import { waitFor } from '../../fixtures/poll/poll-until.ts';
import { exposedSample } from '../../fixtures/signals/exposition-sample.ts';
import { journalContainerOf, journalDir, journalSelectorOf, readJournal } from '../cases/journal-cases.ts';
import type { FaultChecks } from './fault-cases.ts';
import { type LinesAcrossFault, linesStoredOnce } from './lines-stored-once.ts';

/** What Alloy had read of the journal when the fault struck: how many entries, since which start of Alloy's. */
interface JournalReadBefore {
  /** The cursor Alloy had saved, past every entry written before the fault. */
  cursor: string;
  /** loki_source_journal_target_lines_total then: every entry read since Alloy started. */
  entriesRead: number;
  alloyStartedAt: string;
}

/** The entries a journal-entries check wrote, and where, for its `after` to look them up. */
interface JournalEntriesWritten extends LinesAcrossFault {
  container: string;
  identifier: string;
  read: JournalReadBefore;
}

const entriesPerPhase = 10;

/** Where loki.source.journal "host" (alloy/opt-in/journal.alloy) keeps its read position, under --storage.path. */
const journalComponent = 'loki.source.journal.host';
const positionsFile = `/var/lib/alloy/data/${journalComponent}/positions.yml`;
/** A journal cursor (sd_journal_get_cursor): the seqnum file, its entry, boot, monotonic and real time, and hash. */
const cursorPattern = /s=[0-9a-f]+;i=[0-9a-f]+;b=[0-9a-f]+;m=[0-9a-f]+;t=[0-9a-f]+;x=[0-9a-f]+/;

/** The journal cursor Alloy last saved in its positions file, if any. */
export function savedCursorOf(positionsYaml: string): string | undefined {
  return cursorPattern.exec(positionsYaml)?.[0];
}

async function writeEntries(written: JournalEntriesWritten, phase: string): Promise<void> {
  for (let i = 0; i < entriesPerPhase; i++) {
    const line = `${phase} entry ${i} of ${written.identifier}`;
    await execIn(written.container, ['systemd-cat', '--identifier', written.identifier, 'echo', line]);
    (written.lines as string[]).push(line);
  }
}

/** How many of the identifier's entries the journal holds after a cursor: none once Alloy has read them all. */
async function entriesAfter(container: string, identifier: string, cursor: string): Promise<number> {
  const out = await readJournal(container, identifier, 'cat', ['--after-cursor', cursor]);
  return out.split('\n').filter(Boolean).length;
}

/** How many entries of any identifier the journal holds after a cursor. */
async function allEntriesAfter(container: string, cursor: string): Promise<number> {
  const out = await execIn(container, [
    'journalctl',
    '--directory',
    journalDir,
    '--after-cursor',
    cursor,
    '--output',
    'json',
    '--quiet',
    '--no-pager',
  ]);
  return out.split('\n').filter(Boolean).length;
}

/** Alloy's own count of the journal entries loki.source.journal "host" read since it started (its /metrics). */
async function entriesReadByAlloy(control: StackControl): Promise<number> {
  const metrics = await control.clients.alloy.getText('/metrics');
  return exposedSample(metrics, 'loki_source_journal_target_lines_total', { component_id: journalComponent }) ?? 0;
}

/**
 * Nothing read twice: since the fault struck, Alloy read no more entries than the journal holds after the cursor
 * it had saved (and, after a restart, the entry at that cursor). Loki cannot show an entry read twice (it keeps
 * one of two lines with the same time and text, and an entry keeps the journal's time), so Alloy's read counter
 * is asked: one that lost its cursor on a restart reads the journal again from max_age (7 hours) back, entries
 * before that cursor among them.
 */
async function readAgainProblems(control: StackControl, written: JournalEntriesWritten): Promise<string[]> {
  const { read, hop, container } = written;
  const restarted = (await control.startedAt('alloy')) !== read.alloyStartedAt;
  // Counted before the journal is, so that an entry written meanwhile can only be on the journal's side.
  const entriesRead = (await entriesReadByAlloy(control)) - (restarted ? 0 : read.entriesRead);
  const entriesSinceCursor = await allEntriesAfter(container, read.cursor);
  // A restarted reader seeks to its saved cursor and starts on the entry the cursor names, which it had read: one
  // entry again, by design (measured: 11 read against 10 after the cursor; Loki keeps one of the two copies).
  const allowed = entriesSinceCursor + (restarted ? 1 : 0);
  if (entriesRead <= allowed) return [];
  return [
    `${hop}: Alloy read ${entriesRead} journal entries since ${restarted ? 'it restarted' : 'the fault struck'}, but ` +
      `the journal of ${container} holds only ${entriesSinceCursor} after the cursor it had saved (${read.cursor})` +
      `${restarted ? ', and a restart reads the one at the cursor again' : ''}: it read entries again (its saved position lost or not used)`,
  ];
}

/**
 * Journal entries written on both sides of a fault: before it, and while it lasts (Alloy or Loki down). After
 * recovery each must be in Loki (nothing skipped), and Alloy must have read none twice (its read counter against
 * the journal): the cursor it saved survived its restart, and what it read while Loki was away was kept until
 * Loki came back.
 */
export function journalEntriesAcrossFault(faultSlug: string): FaultChecks<JournalEntriesWritten> {
  return {
    async before(control) {
      const container = journalContainerOf(control.endpoints);
      const identifier = `${control.endpoints.runId}-${faultSlug}-journal`;
      const written: JournalEntriesWritten = {
        hop: 'journald->alloy loki.source.journal->loki',
        source: `the journal of ${container} (identifier ${identifier})`,
        logql: journalSelectorOf(identifier),
        lines: [],
        firstWrittenAtMs: Date.now(),
        container,
        identifier,
        read: { cursor: '', entriesRead: 0, alloyStartedAt: '' },
      };
      await writeEntries(written, 'before the fault');
      // Alloy saves its cursor every 10 s: a kill before that reads entries again (at least once, by design). The
      // promise is about a cursor once saved, so the fault waits until it is past every entry written.
      const cursor = await waitFor(
        async () => {
          const saved = savedCursorOf(await control.readFile('alloy', positionsFile));
          if (!saved) throw new Error(`no journal cursor in ${positionsFile}`);
          const unread = await entriesAfter(container, identifier, saved);
          if (unread > 0) throw new Error(`${unread} of the entries are after the saved cursor ${saved}`);
          return saved;
        },
        { what: `Alloy's saved journal cursor in ${positionsFile}`, timeoutMs: 30_000 },
      );
      // Read after the cursor: Alloy has read at least up to it, so what it reads from now on is after it.
      written.read = {
        cursor,
        entriesRead: await entriesReadByAlloy(control),
        alloyStartedAt: await control.startedAt('alloy'),
      };
      return written;
    },
    async during(_control, written) {
      await writeEntries(written, 'during the fault');
    },
    async after(control, written) {
      return [...(await linesStoredOnce(control, written)), ...(await readAgainProblems(control, written))];
    },
  };
}
