/**
 * SLO breaches and log patterns become notifications: fired, routed, grouped, inhibited, silenced, resolved.
 *
 * @covers stack/alloy stack/loki stack/prometheus stack/alertmanager
 */
import { describe, expect } from 'vitest';
import { heldFailures, pollFailures } from '../fixtures/failures/failure.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { pollWhile } from '../fixtures/poll/poll-while.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import {
  type AwaitedNotification,
  awaitNotification,
  notificationOf,
} from '../fixtures/workload/await-notification.ts';
import { startTraffic } from '../fixtures/workload/traffic.ts';
import type { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';
import { test as harnessTest } from './harness-test.ts';

/** Watches a receiver for a window in which `alertname` must not arrive (inhibited or silenced). */
async function staysQuiet(workload: WorkloadClient, receiver: string, alertname: string, why: string) {
  const outcome = await pollWhile(
    async () => {
      const leaked = notificationOf(await workload.notifications(), receiver, alertname, 'firing', 0);
      if (leaked)
        throw new Error(`${receiver} received ${alertname} at ${new Date(leaked.receivedAtMs).toISOString()}`);
    },
    { what: `${alertname} stays quiet`, windowMs: budgets.alerts.quietWindowMs },
  );
  return heldFailures(outcome, {
    hop: `alertmanager->webhook ${receiver}`,
    rule: why,
    expected: `no ${alertname} for ${budgets.alerts.quietWindowMs} ms`,
  });
}

const test = harnessTest
  // Condition-to-notification times, measured by every test and written to results/alerts.json at the end.
  .extend('notified', { scope: 'file' }, ({ stack, workload }, { onCleanup }) => {
    const measured: Record<string, number> = {};
    onCleanup(
      () =>
        void writeResults('alerts', {
          runId: `${stack.runId}-alerts`,
          budgets: budgets.alerts,
          conditionToNotificationMs: measured,
        }),
    );
    return async (key: string, awaited: AwaitedNotification) => {
      const awaitedResult = await awaitNotification(workload, awaited);
      if (awaitedResult.latencyMs !== undefined) measured[key] = awaitedResult.latencyMs;
      return awaitedResult;
    };
  })
  // The error-rate breach: error traffic until the resolution test stops it, and the page it caused.
  .extend('errorBreach', { scope: 'file' }, async ({ stack, workload, notified }, { onCleanup }) => {
    const traffic = await startTraffic(
      workload,
      { runId: `${stack.runId}-alerts-errors`, outcome: 'error' },
      { count: 5, everyMs: 1_000 },
    );
    onCleanup(async () => void (await traffic.stop()));
    const page = await notified('error rate critical -> pager', {
      receiver: 'pager',
      alertname: 'SyntheticErrorRateCritical',
      status: 'firing',
      sinceMs: traffic.startedAtMs,
      budgetMs: budgets.alerts.firingMs,
    });
    return { traffic, page };
  });

describe('alerts: SLO breaches and log patterns reach the right receiver, grouped, inhibited, silenced and resolved', () => {
  test('an error-rate breach fires, pages the pager receiver grouped by SLO, and inhibits its own warning', async ({
    errorBreach,
    clients,
    workload,
  }) => {
    const { page } = errorBreach;
    expect(page.failures).toHaveNoFailures();
    expect(page.notification?.payload.receiver, 'the route for severity=critical').toBe('team-pager');
    expect(page.notification?.payload.groupLabels, 'notification grouping (group_by alertname, service, slo)').toEqual({
      alertname: 'SyntheticErrorRateCritical',
      service: 'synthetic-server',
      slo: 'error-rate',
    });
    const firing = (await clients.prometheus.alerts())
      .filter((a) => a.state === 'firing')
      .map((a) => a.labels['alertname']);
    expect(firing, 'prometheus: both levels of the error-rate SLO fire').toEqual(
      expect.arrayContaining(['SyntheticErrorRateHigh', 'SyntheticErrorRateCritical']),
    );
    const [warning] = await clients.alertmanager.alerts('SyntheticErrorRateHigh');
    expect(warning?.status.state, 'alertmanager: the warning is suppressed').toBe('suppressed');
    expect(
      warning?.status.inhibitedBy.length,
      'alertmanager: the warning is inhibited by the critical alert',
    ).toBeGreaterThan(0);
    expect(
      await staysQuiet(workload, 'tickets', 'SyntheticErrorRateHigh', 'inhibited while its critical fires'),
    ).toHaveNoFailures();
  });

  test('the breach resolves when the errors stop, and the resolution is delivered', async ({
    errorBreach,
    stack,
    workload,
    notified,
  }) => {
    const { failures } = await errorBreach.traffic.stop();
    expect(failures, 'error traffic: probes that failed (hop workload->alloy)').toEqual([]);
    const stoppedAtMs = Date.now();
    // Healthy traffic from here on, as after a fix: the error ratio falls as the window moves on.
    const healthy = await startTraffic(
      workload,
      { runId: `${stack.runId}-alerts-healthy`, outcome: 'ok' },
      { count: 5, everyMs: 1_000 },
    );
    try {
      const resolved = await notified('error rate critical resolved -> pager', {
        receiver: 'pager',
        alertname: 'SyntheticErrorRateCritical',
        status: 'resolved',
        sinceMs: stoppedAtMs,
        budgetMs: budgets.alerts.resolvedMs,
      });
      expect(resolved.failures).toHaveNoFailures();
      expect(resolved.notification?.payload.status).toBe('resolved');
    } finally {
      await healthy.stop();
    }
  });

  test('a silence created through the API holds back the latency alert until it expires', async ({
    stack,
    clients,
    workload,
    notified,
  }) => {
    const runId = `${stack.runId}-alerts-slow`;
    const silenceId = await clients.alertmanager.silence(
      { alertname: 'SyntheticLatencyHigh' },
      10,
      `conformance run ${runId}: silence holds back the latency alert`,
    );
    const slow = await startTraffic(workload, { runId, outcome: 'ok', latencyMs: 400 }, { count: 3, everyMs: 1_000 });
    try {
      const held = await pollUntil(
        async () => {
          const alert = (await clients.prometheus.alerts()).find(
            (a) => a.labels['alertname'] === 'SyntheticLatencyHigh' && a.state === 'firing',
          );
          if (!alert) throw new Error('SyntheticLatencyHigh is not firing in prometheus yet');
          const [inAlertmanager] = await clients.alertmanager.alerts('SyntheticLatencyHigh');
          if (!inAlertmanager) throw new Error('alertmanager does not hold SyntheticLatencyHigh yet');
          return inAlertmanager;
        },
        { what: 'latency alert firing and held', timeoutMs: budgets.alerts.firingMs + 30_000 },
      );
      expect(
        pollFailures(held, {
          hop: 'prometheus->alertmanager',
          rule: 'SyntheticLatencyHigh fires and reaches alertmanager',
          expected: `within ${budgets.alerts.firingMs} ms`,
        }),
      ).toHaveNoFailures();
      expect(held.value?.status.silencedBy, 'alertmanager: the alert is silenced by our silence').toEqual([silenceId]);
      expect(
        await staysQuiet(workload, 'tickets', 'SyntheticLatencyHigh', `held back by silence ${silenceId}`),
      ).toHaveNoFailures();

      const expiredAtMs = Date.now();
      await clients.alertmanager.expireSilence(silenceId);
      const ticket = await notified('latency warning after silence expired -> tickets', {
        receiver: 'tickets',
        alertname: 'SyntheticLatencyHigh',
        status: 'firing',
        sinceMs: expiredAtMs,
        budgetMs: budgets.alerts.firingMs,
      });
      expect(ticket.failures).toHaveNoFailures();
    } finally {
      const { failures } = await slow.stop();
      expect(failures, 'slow traffic: probes that failed').toEqual([]);
    }
  });

  test("Loki's ruler turns a burst of failed-login lines into a ticket", async ({ stack, clients, notified }) => {
    const runId = `${stack.runId}-alerts-logins`;
    const now = Date.now();
    const lines = Array.from({ length: 8 }, (_, i) => ({
      timestampMs: now,
      line: `login failed user=user${i} src=10.0.0.${i} run=${runId}`,
    }));
    await clients.loki.push({ service_name: 'synthetic-auth', harness_run_id: runId }, lines);
    const ticket = await notified('failed logins (loki ruler) -> tickets', {
      receiver: 'tickets',
      alertname: 'FailedLoginBurst',
      status: 'firing',
      sinceMs: Date.now(),
      budgetMs: budgets.alerts.logRuleMs,
    });
    expect(ticket.failures).toHaveNoFailures();
    expect(ticket.notification?.payload.groupLabels['slo'], 'grouping of the log-based alert').toBe('failed-logins');
  });
});
