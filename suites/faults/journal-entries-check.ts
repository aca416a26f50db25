import { execIn } from '../../fixtures/docker/container-exec.ts';
import { waitFor } from '../../fixtures/poll/poll-until.ts';
import { journalContainerOf, journalSelectorOf, readJournal } from '../cases/journal-cases.ts';
import type { FaultChecks } from './fault-cases.ts';
import { type LinesAcrossFault, linesStoredOnce } from './lines-stored-once.ts';

/** The entries a journal-entries check wrote, and where, for its `after` to look them up. */
interface JournalEntriesWritten extends LinesAcrossFault {
  container: string;
  identifier: string;
}

const entriesPerPhase = 10;

/** Where loki.source.journal "host" (alloy/opt-in/journal.alloy) keeps its read position, under --storage.path. */
const positionsFile = '/var/lib/alloy/data/loki.source.journal.host/positions.yml';
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

/**
 * Journal entries written on both sides of a fault: before it, and while it lasts (Alloy or Loki down). After
 * recovery each must be in Loki exactly once: the journal cursor Alloy saved survived its restart (nothing read
 * twice, nothing skipped), and what it read while Loki was away was kept until Loki came back.
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
      };
      await writeEntries(written, 'before the fault');
      // Alloy saves its cursor every 10 s: a kill before that reads entries again (at least once, by design). The
      // promise is about a cursor once saved, so the fault waits until it is past every entry written.
      await waitFor(
        async () => {
          const cursor = savedCursorOf(await control.readFile('alloy', positionsFile));
          if (!cursor) throw new Error(`no journal cursor in ${positionsFile}`);
          const unread = await entriesAfter(container, identifier, cursor);
          if (unread > 0) throw new Error(`${unread} of the entries are after the saved cursor ${cursor}`);
        },
        { what: `Alloy's saved journal cursor in ${positionsFile}`, timeoutMs: 30_000 },
      );
      return written;
    },
    async during(_control, written) {
      await writeEntries(written, 'during the fault');
    },
    after: linesStoredOnce,
  };
}
