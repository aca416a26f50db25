import type { Failure } from '../../fixtures/failures/failure.ts';
import { AlertWatch } from '../../fixtures/faults/alert-watch.ts';
import { alertTimes, type FaultResult } from '../../fixtures/faults/fault-report.ts';
import { type LatencyWindow, SteadyLoad } from '../../fixtures/faults/steady-load.ts';
import type { StackControl } from '../../fixtures/faults/stack-control.ts';
import { storeOf } from '../../fixtures/delivery/otlp-probes.ts';
import { budgets } from '../budgets.ts';
import type { FaultCase } from './fault-cases.ts';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One probe of every signal per interval: a modest load, each item its own request. */
const loadIntervalMs = 500;

/**
 * Runs one fault under the steady load: lead-in, the fault, recovery, then every acknowledged probe looked up.
 * Collects every broken promise as a structured failure; never throws for a finding.
 */
export async function runFault(fault: FaultCase, control: StackControl, runId: string): Promise<FaultResult> {
  const wallStarted = Date.now();
  const step = fault.name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
  const before = await fault.checks?.before(control);
  const load = new SteadyLoad({
    clients: control.clients,
    otlpHttp: () => control.endpoints.otlpHttp,
    runId,
    step,
    intervalMs: loadIntervalMs,
    budget: budgets.faults.probe,
  }).start();
  const watch = new AlertWatch(control.clients).start();
  const failures: Failure[] = [];
  /** What the table and the JSON should say beside the counts (a known loss and its bound). */
  const notes: string[] = [];
  const hop = (what: string): string => `${fault.name}: ${what}`;

  let faultStartMs: number;
  /** Where the fault must be felt: the median latency per signal of probes sent before it and while it lasted. */
  let beforeP50Ms: Record<string, number | undefined> | undefined;
  let duringFault: LatencyWindow | undefined;
  try {
    const leadIn = fault.felt ? load.openWindow(Date.now() + fault.leadInMs) : undefined;
    await pause(fault.leadInMs);
    // Every lead-in probe is found before the fault starts, so the fault slows none of the baseline.
    beforeP50Ms = await leadIn?.settle(budgets.faults.probe.maxMs);
    faultStartMs = Date.now();
    await fault.inject(control);
    await fault.checks?.during?.(control, before);
    duringFault = fault.felt ? load.openWindow(Date.now() + fault.holdMs) : undefined;
    await pause(fault.holdMs);
    await fault.recover(control);
  } catch (error) {
    // The fault could not be made or undone: that is the test's failure; the load and the watch stop first.
    await Promise.all([load.stop(), watch.stop()]);
    throw error;
  }
  const faultEndMs = Date.now();
  load.markFaultEnd(faultEndMs);

  const recovery = await load.awaitRecovery(fault.recoveryBudgetMs * 2);
  if (recovery.recoveryMs === undefined || recovery.recoveryMs > fault.recoveryBudgetMs)
    failures.push({
      hop: hop('load->alloy->stores'),
      rule: 'a probe sent after the fault is found within the recovery budget',
      expected: `within ${fault.recoveryBudgetMs} ms of the fault's end`,
      actual: `per signal (ms; none: not found within ${fault.recoveryBudgetMs * 2} ms): ${JSON.stringify(recovery.bySignal)}`,
    });

  const since = (atMs: number | undefined, fromMs: number): number | undefined =>
    atMs === undefined ? undefined : atMs - fromMs;
  for (const alert of fault.alerts.filter((a) => a.expectation === 'fires')) {
    const firingBudgetMs = alert.firingBudgetMs ?? budgets.faults.componentDownFiringMs;
    const resolvedBudgetMs = alert.resolvedBudgetMs ?? budgets.faults.componentDownResolvedMs;
    for (const job of alert.jobs) {
      /** A failure unless the moment came within its budget (`none`: what to say when it never came). */
      const withinBudget = (what: string, ms: number | undefined, budgetMs: number, from: string, none: string) => {
        if (ms === undefined || ms > budgetMs)
          failures.push({
            hop: hop(`prometheus alert ${alert.name}{job="${job}"}`),
            rule: `the alert is ${what} within its budget`,
            expected: `${what} within ${budgetMs} ms of the fault's ${from}`,
            actual: ms === undefined ? none : `${what} after ${ms} ms`,
          });
      };
      const fired = await watch.untilFiring(alert.name, job, 0);
      const firingMs = since(fired?.firingAtMs, faultStartMs);
      withinBudget('fired', firingMs, firingBudgetMs, 'start', 'never fired');
      // An alert that never fired cannot resolve: its one failure says so.
      if (firingMs === undefined) continue;
      const resolved = await watch.untilResolved(alert.name, job, resolvedBudgetMs);
      withinBudget('resolved', since(resolved?.resolvedAtMs, faultEndMs), resolvedBudgetMs, 'end', 'still active');
    }
  }

  // A little load after recovery, then every acknowledged probe must be found.
  await pause(2_000);
  await load.stop();
  await watch.stop();
  const outcomes = await load.settle(budgets.faults.settleMs);
  // Settled with the rest: the probes sent while the fault lasted, each with its full latency.
  const duringP50Ms = await duringFault?.settle(budgets.faults.probe.maxMs);
  for (const o of outcomes) {
    const where = hop(`load->alloy->${storeOf[o.signal]}`);
    if (o.acknowledged === 0)
      failures.push({
        hop: where,
        rule: 'the load ran',
        expected: 'acknowledged probes',
        actual: `0 acknowledged, ${o.refused} refused`,
      });
    const known = fault.knownLoss?.signal === o.signal ? fault.knownLoss : undefined;
    const bound = known ? load.acknowledgedBetween(o.signal, faultStartMs - known.windowBeforeMs, faultEndMs) : 0;
    if (known)
      notes.push(`${o.signal}: ${o.lost} of ${o.acknowledged} acknowledged lost, bound ${bound} (${known.why})`);
    if (o.lost > bound)
      failures.push({
        hop: where,
        rule: 'no acknowledged item is lost',
        expected: known
          ? `at most ${bound} lost (acknowledged within ${known.windowBeforeMs} ms before the fault and during it: ${known.why})`
          : `all ${o.acknowledged} acknowledged ${o.signal} probes stored`,
        actual: `${o.lost} of ${o.acknowledged} acknowledged ${o.signal} probes lost (${o.stored} stored; first lost: ${o.lostIds.slice(0, 3).join(', ')})`,
      });
    const { felt } = fault;
    const [before, during] = [beforeP50Ms?.[o.signal], duringP50Ms?.[o.signal]];
    if (felt && (before === undefined || during === undefined || during - before < felt.addedP50Ms))
      failures.push({
        hop: where,
        rule: 'the fault is felt (one that does not bite proves nothing)',
        expected: `median latency of probes sent during the fault at least ${felt.addedP50Ms} ms above that of those sent before it: ${felt.why}`,
        actual: `${during === undefined ? 'no probe found' : `${during} ms`} during, ${before === undefined ? 'no probe found' : `${before} ms`} before`,
      });
    if (o.duplicated > budgets.faults.maxDuplicatesPerSignal)
      failures.push({
        hop: where,
        rule: 'duplicates within the at-least-once bound',
        expected: `at most ${budgets.faults.maxDuplicatesPerSignal}`,
        actual: `${o.duplicated} duplicated`,
      });
  }
  const checks = fault.checks ? await fault.checks.after(control, before).catch((e: Error) => [e.message]) : [];
  for (const problem of checks)
    failures.push({
      hop: hop('after recovery'),
      rule: 'state survives the fault',
      expected: 'unchanged',
      actual: problem,
    });

  return {
    fault: fault.name,
    faultMs: faultEndMs - faultStartMs,
    wallMs: Date.now() - wallStarted,
    signals: outcomes.map(({ result: _result, lostIds: _lostIds, ...counts }) => {
      const [before, during] = [beforeP50Ms?.[counts.signal], duringP50Ms?.[counts.signal]];
      return before === undefined || during === undefined
        ? counts
        : { ...counts, beforeP50Ms: before, duringP50Ms: during };
    }),
    lostIds: Object.fromEntries(outcomes.map((o) => [o.signal, o.lostIds.slice(0, 10)])),
    recoveryMs: recovery.recoveryMs,
    recoveryBudgetMs: fault.recoveryBudgetMs,
    alerts: fault.alerts.map((alert) => ({
      name: alert.name,
      expectation: alert.expectation,
      ...alertTimes(watch.find(alert.name, alert.jobs[0] ?? ''), faultStartMs),
    })),
    checks: [...(checks.length === 0 && fault.checks ? ['kept'] : checks), ...notes],
    failures,
  };
}
