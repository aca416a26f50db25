import type { StackControl, ToxicSpec } from '../../fixtures/faults/stack-control.ts';
import type { StackComponent } from '../../fixtures/stack/stack-components.ts';
import type { Signal } from '../../fixtures/delivery/delivery-case.ts';
import { budgets } from '../budgets.ts';
import { allChecks } from './all-checks.ts';
import { fileLinesAcrossFault } from './file-lines-check.ts';
import { journalEntriesAcrossFault } from './journal-entries-check.ts';

/** What a fault may check of its own before it strikes and after the stack recovered (a silence, dashboards). */
export interface FaultChecks<T> {
  before(control: StackControl): Promise<T>;
  /** Once the fault has struck, before its hold: what must happen while it lasts (lines written to a file). */
  during?(control: StackControl, before: T): Promise<void>;
  /** Problems found, as text; none: the promise held. */
  after(control: StackControl, before: T): Promise<string[]>;
}

/** An alert a fault must raise, or why it cannot (too short for the rule's `for`), and its budgets. */
export interface FaultAlert {
  name: string;
  jobs: readonly string[];
  /** `fires`: must fire and resolve within budget; `pending`/`none`: recorded (too short for the rule's `for`). */
  expectation: 'fires' | 'pending' | 'none';
  why?: string;
  /** For `fires`, from the fault's start and from its end; StackComponentDown's budgets unless given. */
  firingBudgetMs?: number;
  resolvedBudgetMs?: number;
}

/**
 * One fault, as data: what breaks and how it is undone, how long the load runs before it, the recovery budget,
 * the alerts it must raise (or why none), and its own checks. The runner (suites/faults/run-fault.ts) does the rest.
 */
export interface FaultCase {
  name: string;
  /** How long the steady load runs before the fault, so that items are in flight and queued when it strikes. */
  leadInMs: number;
  /** Breaks something; resolves when broken. */
  inject(control: StackControl): Promise<void>;
  /** How long it stays broken. */
  holdMs: number;
  /** Undoes it; resolves when every component it touched answers its healthcheck again. */
  recover(control: StackControl): Promise<void>;
  recoveryBudgetMs: number;
  alerts: readonly FaultAlert[];
  checks?: FaultChecks<unknown>;
  /**
   * Where the stack cannot keep the promise: the signal that may lose items, why, and the bound. The bound is
   * every probe of that signal acknowledged from `windowBeforeMs` before the fault's start to its end; the loss
   * is reported exactly and must stay within it.
   */
  knownLoss?: { signal: Signal; windowBeforeMs: number; why: string };
  /**
   * How much the fault must add to the median latency of every signal's probes sent while it lasts (against
   * those sent in the lead-in): else it did not reach the path it claims to (a toxic on a link Alloy does not use).
   */
  felt?: { addedP50Ms: number; why: string };
}

/** The three stores Alloy sends to. */
const backends = ['loki', 'tempo', 'prometheus'] as const satisfies readonly StackComponent[];

/** kill -9, a few seconds down, then started again by the harness (docker does not restart a killed container). */
function killFault(service: StackComponent, overrides: Partial<FaultCase> = {}): FaultCase {
  return {
    name: `${service} kill -9`,
    leadInMs: 5_000,
    inject: (control) => control.kill(service),
    holdMs: 5_000,
    recover: async (control) => void (await control.start(service)),
    recoveryBudgetMs: budgets.faults.recoveryAfterKillMs,
    alerts: [
      {
        name: 'StackComponentDown',
        jobs: [service],
        expectation: 'pending',
        why: 'down for less than the rule\'s "for: 1m"',
      },
    ],
    ...overrides,
  };
}

/**
 * A degraded link from Alloy to every store at once, through the faults overlay's Toxiproxy: slow or narrow,
 * never broken. Alloy's sends take longer and its queues hold more; nothing may be lost, and no export fails.
 */
function linkFault(name: string, toxic: ToxicSpec, felt: NonNullable<FaultCase['felt']>): FaultCase {
  return {
    name,
    felt,
    leadInMs: 5_000,
    inject: (control) => control.addToxic(backends, toxic),
    holdMs: 30_000,
    recover: (control) => control.clearToxics(),
    recoveryBudgetMs: budgets.faults.recoveryAfterPartitionMs,
    alerts: [
      {
        name: 'AlloyExportFailures',
        jobs: ['alloy'],
        expectation: 'none',
        why: 'a slow link delays exports, it does not fail them',
      },
    ],
  };
}

/** Loki's volume as the faults overlay mounts it in its holder container (fixtures/faults/compose.faults.yaml). */
const lokiDisk = { holder: 'loki-disk', path: '/loki' } as const;

/** Loki's WAL failures on a full disk, from Loki's own counter, through Prometheus. */
async function walDiskFullFailures(control: StackControl): Promise<number> {
  const [sample] = await control.clients.prometheus.query('sum(loki_ingester_wal_disk_full_failures_total)');
  return sample?.value ?? 0;
}

const silenceComment = 'faults suite: must survive an Alertmanager kill';

export const faultCases: FaultCase[] = [
  // Alloy killed while its queues hold a backlog: the stores are cut off for 10 s first, so that what Alloy has
  // acknowledged is still in its queues (and remote_write WAL) when it dies. Only an on-disk queue keeps it.
  {
    name: 'alloy kill -9 with a 10 s backlog',
    leadInMs: 5_000,
    async inject(control) {
      await control.disconnect(backends);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      await control.kill('alloy');
    },
    holdMs: 3_000,
    async recover(control) {
      await control.reconnect(backends);
      await control.start('alloy');
    },
    recoveryBudgetMs: budgets.faults.recoveryAfterAlloyKillMs,
    alerts: [
      { name: 'StackComponentDown', jobs: ['alloy'], expectation: 'pending', why: 'down for less than "for: 1m"' },
    ],
    // Lines appended to a log file and entries written to the journal before the kill and while Alloy is dead:
    // its positions file must bring it back where it stopped in each.
    checks: allChecks(
      fileLinesAcrossFault('alloy-kill') as FaultChecks<unknown>,
      journalEntriesAcrossFault('alloy-kill') as FaultChecks<unknown>,
    ) as FaultChecks<unknown>,
    knownLoss: {
      signal: 'metrics',
      // remote_write sends a batch at least every 5 s (batch_send_deadline); the WAL keeps the rest, but a
      // restarted Alloy only sends samples newer than its start (Prometheus's WAL watcher).
      windowBeforeMs: 5_000,
      why: 'remote_write resends from its WAL only samples newer than its restart: what was acknowledged but not yet sent when Alloy died is dropped',
    },
  },
  // Lines Alloy reads from a file or the journal while Loki is dead wait in loki.write's retries until it is back.
  killFault('loki', {
    checks: allChecks(
      fileLinesAcrossFault('loki-kill') as FaultChecks<unknown>,
      journalEntriesAcrossFault('loki-kill') as FaultChecks<unknown>,
    ) as FaultChecks<unknown>,
  }),
  killFault('tempo', {
    knownLoss: {
      signal: 'traces',
      // Tempo's ingester holds a trace in memory until it has been idle for trace_idle_period (10 s), and
      // moves idle traces to its WAL every flush_check_period (10 s): 20 s, and Alloy's send before that.
      windowBeforeMs: 22_000,
      why: 'Tempo acknowledges a span before it is in its WAL: a killed Tempo loses the traces of its last 10 to 20 s (trace_idle_period + flush_check_period)',
    },
  }),
  killFault('prometheus', {
    alerts: [{ name: 'StackComponentDown', jobs: ['prometheus'], expectation: 'none', why: 'Prometheus evaluates it' }],
  }),
  killFault('alertmanager', {
    // One maintenance interval (5 s, compose.yaml) and a little more between the silence and the kill.
    leadInMs: 7_000,
    checks: {
      before: (control) =>
        control.clients.alertmanager.silence({ alertname: 'FaultsSuiteSilenceProbe' }, 120, silenceComment),
      async after(control, id) {
        const silence = (await control.clients.alertmanager.silences()).find((s) => s.id === id);
        if (!silence) return [`silence ${id}, made 7 s before the kill, is gone after the restart`];
        if (silence.status.state !== 'active') return [`silence ${id} is ${silence.status.state} after the restart`];
        return [];
      },
    } satisfies FaultChecks<string> as FaultChecks<unknown>,
  }),
  killFault('grafana', {
    checks: {
      before: async () => undefined,
      async after(control) {
        const problems: string[] = [];
        const datasources = await control.clients.grafana.getJson<{ uid: string }[]>('/api/datasources');
        for (const uid of ['prometheus', 'loki', 'tempo'])
          if (!datasources.some((d) => d.uid === uid)) problems.push(`provisioned datasource ${uid} is gone`);
        const dashboards = await control.clients.grafana.getJson<{ uid: string }[]>('/api/search?type=dash-db');
        if (dashboards.length < 2) problems.push(`${dashboards.length} dashboards listed, 2 provisioned`);
        for (const { uid } of dashboards) await control.clients.grafana.getJson(`/api/dashboards/uid/${uid}`);
        return problems;
      },
    },
  }),
  // One partition cuts Alloy off from all three stores at once (to keep the run short): the stores leave the
  // stack's network, so Alloy's sends fail as on a broken link, while the harness still reaches Alloy.
  {
    name: 'partition of loki, tempo, prometheus from alloy, 30 s',
    leadInMs: 5_000,
    inject: (control) => control.disconnect(backends),
    holdMs: 30_000,
    recover: (control) => control.reconnect(backends),
    recoveryBudgetMs: budgets.faults.recoveryAfterPartitionMs,
    alerts: [{ name: 'StackComponentDown', jobs: ['loki'], expectation: 'none', why: 'Prometheus is cut off too' }],
  },
  // Every byte Alloy sends to a store waits 2 s in Toxiproxy (each request's body, and each later packet).
  linkFault(
    'latency of 2 s from alloy to loki, tempo, prometheus, 30 s',
    {
      type: 'latency',
      stream: 'upstream',
      attributes: { latency: 2_000, jitter: 0 },
    },
    { addedP50Ms: 1_500, why: 'every request to a store waits 2 s in Toxiproxy' },
  ),
  // 1 KB/s from Alloy to each store: a probe's request (some hundred bytes) takes about half a second more to
  // pass, and remote_write's batches more than that.
  linkFault(
    'bandwidth of 1 KB/s from alloy to loki, tempo, prometheus, 30 s',
    {
      type: 'bandwidth',
      stream: 'upstream',
      attributes: { rate: 1 },
    },
    { addedP50Ms: 250, why: 'each request to a store passes a 1 KB/s link' },
  ),
  // Loki's volume (capped by the faults overlay) filled to its last byte, then freed. Loki cannot write its WAL
  // or flush chunks; it must say so (its counter, LokiWALDiskFull), the volume's fill must page
  // (StackVolumeNearlyFull, whose "for: 1m" sets the hold), and nothing is lost once space is back.
  {
    name: "loki's volume full, 90 s",
    leadInMs: 5_000,
    inject: (control) => control.fillVolume(lokiDisk.holder, lokiDisk.path),
    holdMs: 90_000,
    recover: (control) => control.freeVolume(lokiDisk.holder, lokiDisk.path),
    recoveryBudgetMs: budgets.faults.recoveryAfterPartitionMs,
    alerts: [
      {
        name: 'LokiWALDiskFull',
        jobs: ['loki'],
        expectation: 'fires',
        firingBudgetMs: budgets.faults.diskFullFiringMs,
        resolvedBudgetMs: budgets.faults.diskFullResolvedMs,
      },
      {
        name: 'StackVolumeNearlyFull',
        jobs: ['loki'],
        expectation: 'fires',
        firingBudgetMs: budgets.faults.volumeNearlyFullFiringMs,
        resolvedBudgetMs: budgets.faults.volumeNearlyFullResolvedMs,
      },
    ],
    checks: {
      before: walDiskFullFailures,
      async after(control, before) {
        const after = await walDiskFullFailures(control);
        return after > before
          ? []
          : [`loki_ingester_wal_disk_full_failures_total stayed at ${after}: Loki did not say its disk was full`];
      },
    } satisfies FaultChecks<number> as FaultChecks<unknown>,
  },
  // Prometheus stays on the network for the long partition, so that it sees Loki and Tempo go and alerts.
  {
    name: 'partition of loki, tempo from alloy, 5 min',
    leadInMs: 5_000,
    inject: (control) => control.disconnect(['loki', 'tempo']),
    holdMs: 300_000,
    recover: (control) => control.reconnect(['loki', 'tempo']),
    recoveryBudgetMs: budgets.faults.recoveryAfterPartitionMs,
    alerts: [{ name: 'StackComponentDown', jobs: ['loki', 'tempo'], expectation: 'fires' }],
  },
];
