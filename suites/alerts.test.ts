/**
 * SLO breaches and log patterns become notifications: fired, routed, grouped, inhibited, silenced, resolved.
 *
 * @covers stack/alloy stack/loki stack/prometheus stack/alertmanager
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { describePollFailure, pollUntil } from '../fixtures/poll/poll-until.ts';
import { pollWhile } from '../fixtures/poll/poll-while.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { AlertmanagerApi } from '../fixtures/signals/alertmanager-api.ts';
import { LokiApi } from '../fixtures/signals/loki-api.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import type { ReceivedNotification } from '../fixtures/workload/probe-types.ts';
import { startTraffic, type RunningTraffic } from '../fixtures/workload/traffic.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const prometheus = new PrometheusApi(stack.prometheus);
const alertmanager = new AlertmanagerApi(stack.alertmanager);
const loki = new LokiApi(stack.loki);
const runId = `${stack.runId}-alerts`;

/** Measured condition-to-notification times, written to results/alerts.json. */
const measured: Record<string, number> = {};

/** A notification of `alertname` in `status` at a receiver, received after `afterMs`. */
function notificationOf(
  all: ReceivedNotification[],
  receiver: string,
  alertname: string,
  status: 'firing' | 'resolved',
  afterMs: number,
): ReceivedNotification | undefined {
  return all.find(
    (n) =>
      n.receiver === receiver &&
      n.receivedAtMs >= afterMs &&
      n.payload.alerts.some((a) => a.labels['alertname'] === alertname && a.status === status),
  );
}

describe('alerts: SLO breaches and log patterns reach the right receiver, grouped, inhibited, silenced and resolved', () => {
  let workload: WorkloadClient;
  let traffic: RunningTraffic | undefined;

  /** Waits for a notification at the webhook receiver; the failure names the alert, the hop and what did arrive. */
  async function awaitNotification(
    receiver: string,
    alertname: string,
    status: 'firing' | 'resolved',
    sinceMs: number,
    budgetMs: number,
    key: string,
  ): Promise<ReceivedNotification> {
    const outcome = await pollUntil(
      async () => {
        const all = await workload.notifications();
        const found = notificationOf(all, receiver, alertname, status, sinceMs);
        if (!found)
          throw new Error(
            `received so far: ${all.map((n) => `${n.receiver}:${n.payload.status}:${n.payload.groupLabels['alertname']}`).join(', ') || 'nothing'}`,
          );
        return found;
      },
      { what: `${alertname} ${status} at ${receiver}`, timeoutMs: budgetMs + 30_000, maxIntervalMs: 1_000 },
    );
    expect(
      outcome.ok,
      describePollFailure(
        `${alertname} ${status} notification at receiver ${receiver} (hop prometheus->alertmanager->webhook)`,
        outcome,
      ),
    ).toBe(true);
    const notification = outcome.value as ReceivedNotification;
    measured[key] = notification.receivedAtMs - sinceMs;
    expect(
      measured[key],
      `${key}: ${measured[key]} ms from condition to notification, budget ${budgetMs} ms`,
    ).toBeLessThanOrEqual(budgetMs);
    return notification;
  }

  beforeAll(() => {
    if (!stack.workload) throw new Error('the stack runs without the synthetic workload');
    workload = new WorkloadClient(stack.workload);
  });

  afterAll(async () => {
    await traffic?.stop();
    writeResults('alerts', { runId, budgets: budgets.alerts, conditionToNotificationMs: measured });
  });

  it('an error-rate breach fires, pages the pager receiver grouped by SLO, and inhibits its own warning', async () => {
    traffic = await startTraffic(
      workload,
      { runId: `${runId}-errors`, outcome: 'error' },
      { count: 5, everyMs: 1_000 },
    );
    const page = await awaitNotification(
      'pager',
      'SyntheticErrorRateCritical',
      'firing',
      traffic.startedAtMs,
      budgets.alerts.firingMs,
      'error rate critical -> pager',
    );
    expect(page.payload.receiver, 'the route for severity=critical').toBe('team-pager');
    expect(page.payload.groupLabels, 'notification grouping (group_by alertname, service, slo)').toEqual({
      alertname: 'SyntheticErrorRateCritical',
      service: 'synthetic-server',
      slo: 'error-rate',
    });

    const firing = (await prometheus.alerts()).filter((a) => a.state === 'firing').map((a) => a.labels['alertname']);
    expect(firing, 'prometheus: both levels of the error-rate SLO fire').toEqual(
      expect.arrayContaining(['SyntheticErrorRateHigh', 'SyntheticErrorRateCritical']),
    );
    const [warning] = await alertmanager.alerts('SyntheticErrorRateHigh');
    expect(warning?.status.state, 'alertmanager: the warning is suppressed').toBe('suppressed');
    expect(
      warning?.status.inhibitedBy.length,
      'alertmanager: the warning is inhibited by the critical alert',
    ).toBeGreaterThan(0);
    const quiet = await pollWhile(
      async () => {
        const leaked = notificationOf(await workload.notifications(), 'tickets', 'SyntheticErrorRateHigh', 'firing', 0);
        if (leaked)
          throw new Error(`tickets received SyntheticErrorRateHigh at ${new Date(leaked.receivedAtMs).toISOString()}`);
      },
      { what: 'inhibited warning stays quiet', windowMs: budgets.alerts.quietWindowMs },
    );
    expect(
      quiet.ok,
      describePollFailure('inhibition: the warning must not reach receiver tickets while its critical fires', quiet),
    ).toBe(true);
  });

  it('the breach resolves when the errors stop, and the resolution is delivered', async () => {
    const { failures } = await (traffic as RunningTraffic).stop();
    expect(failures, 'error traffic: probes that failed (hop workload->alloy)').toEqual([]);
    const stoppedAtMs = Date.now();
    // Healthy traffic from here on, as after a fix: the error ratio falls as the window moves on.
    traffic = await startTraffic(workload, { runId: `${runId}-healthy`, outcome: 'ok' }, { count: 5, everyMs: 1_000 });
    const resolved = await awaitNotification(
      'pager',
      'SyntheticErrorRateCritical',
      'resolved',
      stoppedAtMs,
      budgets.alerts.resolvedMs,
      'error rate critical resolved -> pager',
    );
    expect(resolved.payload.status).toBe('resolved');
    await traffic.stop();
    traffic = undefined;
  });

  it('a silence created through the API holds back the latency alert until it expires', async () => {
    const silenceId = await alertmanager.silence(
      { alertname: 'SyntheticLatencyHigh' },
      10,
      `conformance run ${runId}: silence holds back the latency alert`,
    );
    traffic = await startTraffic(
      workload,
      { runId: `${runId}-slow`, outcome: 'ok', latencyMs: 400 },
      { count: 3, everyMs: 1_000 },
    );
    const firing = await pollUntil(
      async () => {
        const alert = (await prometheus.alerts()).find(
          (a) => a.labels['alertname'] === 'SyntheticLatencyHigh' && a.state === 'firing',
        );
        if (!alert) throw new Error('SyntheticLatencyHigh is not firing in prometheus yet');
        const [held] = await alertmanager.alerts('SyntheticLatencyHigh');
        if (!held) throw new Error('alertmanager does not hold SyntheticLatencyHigh yet');
        return held;
      },
      { what: 'latency alert firing and held', timeoutMs: budgets.alerts.firingMs + 30_000 },
    );
    expect(
      firing.ok,
      describePollFailure(
        'SyntheticLatencyHigh firing in prometheus and received by alertmanager (hop prometheus->alertmanager)',
        firing,
      ),
    ).toBe(true);
    expect(firing.value?.status.silencedBy, 'alertmanager: the alert is silenced by our silence').toEqual([silenceId]);
    const quiet = await pollWhile(
      async () => {
        const leaked = notificationOf(await workload.notifications(), 'tickets', 'SyntheticLatencyHigh', 'firing', 0);
        if (leaked)
          throw new Error(`tickets received SyntheticLatencyHigh at ${new Date(leaked.receivedAtMs).toISOString()}`);
      },
      { what: 'silenced alert stays quiet', windowMs: budgets.alerts.quietWindowMs },
    );
    expect(
      quiet.ok,
      describePollFailure(`silence ${silenceId}: SyntheticLatencyHigh must not reach receiver tickets`, quiet),
    ).toBe(true);

    const expiredAtMs = Date.now();
    await alertmanager.expireSilence(silenceId);
    await awaitNotification(
      'tickets',
      'SyntheticLatencyHigh',
      'firing',
      expiredAtMs,
      budgets.alerts.firingMs,
      'latency warning after silence expired -> tickets',
    );
    const { failures } = await traffic.stop();
    traffic = undefined;
    expect(failures, 'slow traffic: probes that failed').toEqual([]);
  });

  it("Loki's ruler turns a burst of failed-login lines into a ticket", async () => {
    const now = Date.now();
    const lines = Array.from({ length: 8 }, (_, i) => ({
      timestampMs: now,
      line: `login failed user=user${i} src=10.0.0.${i} run=${runId}`,
    }));
    await loki.push({ service_name: 'synthetic-auth', harness_run_id: runId }, lines);
    const ticket = await awaitNotification(
      'tickets',
      'FailedLoginBurst',
      'firing',
      Date.now(),
      budgets.alerts.logRuleMs,
      'failed logins (loki ruler) -> tickets',
    );
    expect(ticket.payload.groupLabels['slo'], 'grouping of the log-based alert').toBe('failed-logins');
  });
});
