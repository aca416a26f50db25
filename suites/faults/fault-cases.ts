import type { StackControl } from '../../fixtures/faults/stack-control.ts';
import type { StackComponent } from '../../fixtures/stack/stack-components.ts';
import type { Signal } from '../../fixtures/delivery/delivery-case.ts';
import { budgets } from '../budgets.ts';

/** What a fault may check of its own before it strikes and after the stack recovered (a silence, dashboards). */
export interface FaultChecks<T> {
  before(control: StackControl): Promise<T>;
  /** Problems found, as text; none: the promise held. */
  after(control: StackControl, before: T): Promise<string[]>;
}

/**
 * One fault, as data: what breaks and how it is undone, how long the load runs before it, the recovery budget,
 * the alert it must raise (or why none), and its own checks. The runner (suites/faults/run-fault.ts) does the rest.
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
  /** `fires`: must fire and resolve within budget; `pending`/`none`: recorded (too short for the rule's `for`). */
  alert: { name: string; jobs: readonly string[]; expectation: 'fires' | 'pending' | 'none'; why?: string };
  checks?: FaultChecks<unknown>;
  /**
   * Where the stack cannot keep the promise: the signal that may lose items, why, and the bound. The bound is
   * every probe of that signal acknowledged from `windowBeforeMs` before the fault's start to its end; the loss
   * is reported exactly and must stay within it.
   */
  knownLoss?: { signal: Signal; windowBeforeMs: number; why: string };
}

/** The three stores Alloy sends to. */
const backends: readonly StackComponent[] = ['loki', 'tempo', 'prometheus'];

/** kill -9, a few seconds down, then started again by the harness (docker does not restart a killed container). */
function killFault(service: StackComponent, overrides: Partial<FaultCase> = {}): FaultCase {
  return {
    name: `${service} kill -9`,
    leadInMs: 5_000,
    inject: (control) => control.kill(service),
    holdMs: 5_000,
    recover: async (control) => void (await control.start(service)),
    recoveryBudgetMs: budgets.faults.recoveryAfterKillMs,
    alert: {
      name: 'StackComponentDown',
      jobs: [service],
      expectation: 'pending',
      why: 'down for less than the rule\'s "for: 1m"',
    },
    ...overrides,
  };
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
    alert: { name: 'StackComponentDown', jobs: ['alloy'], expectation: 'pending', why: 'down for less than "for: 1m"' },
    knownLoss: {
      signal: 'metrics',
      // remote_write sends a batch at least every 5 s (batch_send_deadline); the WAL keeps the rest, but a
      // restarted Alloy only sends samples newer than its start (Prometheus's WAL watcher).
      windowBeforeMs: 5_000,
      why: 'remote_write resends from its WAL only samples newer than its restart: what was acknowledged but not yet sent when Alloy died is dropped',
    },
  },
  killFault('loki'),
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
    alert: { name: 'StackComponentDown', jobs: ['prometheus'], expectation: 'none', why: 'Prometheus evaluates it' },
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
    alert: { name: 'StackComponentDown', jobs: ['loki'], expectation: 'none', why: 'Prometheus is cut off too' },
  },
  // Prometheus stays on the network for the long partition, so that it sees Loki and Tempo go and alerts.
  {
    name: 'partition of loki, tempo from alloy, 5 min',
    leadInMs: 5_000,
    inject: (control) => control.disconnect(['loki', 'tempo']),
    holdMs: 300_000,
    recover: (control) => control.reconnect(['loki', 'tempo']),
    recoveryBudgetMs: budgets.faults.recoveryAfterPartitionMs,
    alert: { name: 'StackComponentDown', jobs: ['loki', 'tempo'], expectation: 'fires' },
  },
];
