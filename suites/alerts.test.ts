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
import { type RunningTraffic, startTraffic } from '../fixtures/workload/traffic.ts';
import type { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';
import { test as harnessTest } from './harness-test.ts';
import { pipelineUnderTest } from '../fixtures/stack/pipeline.ts';

/** The pipeline under test (Alloy, or the collector in its place), for the hops messages name. */
const pipeline = pipelineUnderTest();

/*
 * The scenarios run at once, each waiting out its own windows (rule `for`, group_wait, the quiet windows) while the
 * others wait out theirs. They do not see each other's traffic: each drives a service of its own (the workload's
 * `service`), and the SLO rules judge each service apart, as Alertmanager groups and inhibits each apart.
 */
const services = {
  /** Breaches and stays breached while its page's inhibition is watched: the stack's default service. */
  inhibited: 'synthetic-server',
  /** Breaches, then recovers. */
  recovering: 'synthetic-recovering',
  /** Slow, under a silence. */
  slow: 'synthetic-slow',
} as const;

/** Watches a receiver for a window in which `alertname` of `service` must not arrive (inhibited or silenced). */
async function staysQuiet(workload: WorkloadClient, receiver: string, alertname: string, service: string, why: string) {
  const outcome = await pollWhile(
    async () => {
      const leaked = notificationOf(await workload.notifications(), receiver, alertname, 'firing', 0, { service });
      if (leaked)
        throw new Error(`${receiver} received ${alertname} at ${new Date(leaked.receivedAtMs).toISOString()}`);
    },
    { what: `${alertname} of ${service} stays quiet`, windowMs: budgets.alerts.quietWindowMs },
  );
  return heldFailures(outcome, {
    hop: `alertmanager->webhook ${receiver}`,
    rule: why,
    expected: `no ${alertname} of ${service} for ${budgets.alerts.quietWindowMs} ms`,
  });
}

type Notified = (key: string, awaited: AwaitedNotification) => ReturnType<typeof awaitNotification>;

const test = harnessTest
  // Condition-to-notification times, measured by every test and written to results/alerts.json at the end.
  .extend('notified', { scope: 'file' }, ({ stack, workload }, { onCleanup }): Notified => {
    const measured: Record<string, number> = {};
    onCleanup(
      () =>
        void writeResults('alerts', {
          runId: `${stack.runId}-alerts`,
          budgets: budgets.alerts,
          conditionToNotificationMs: measured,
        }),
    );
    return async (key, awaited) => {
      const awaitedResult = await awaitNotification(workload, awaited);
      if (awaitedResult.latencyMs !== undefined) measured[key] = awaitedResult.latencyMs;
      return awaitedResult;
    };
  });

/** An error-rate breach of one service: error traffic until stopped, and the page it caused. */
async function errorBreach(
  workload: WorkloadClient,
  notified: Notified,
  runId: string,
  service: string,
  key: string,
): Promise<{ traffic: RunningTraffic; page: Awaited<ReturnType<Notified>> }> {
  const traffic = await startTraffic(workload, { runId, outcome: 'error', service }, { count: 5, everyMs: 1_000 });
  try {
    const page = await notified(key, {
      receiver: 'pager',
      alertname: 'SyntheticErrorRateCritical',
      status: 'firing',
      sinceMs: traffic.startedAtMs,
      budgetMs: budgets.alerts.firingMs,
      labels: { service },
    });
    return { traffic, page };
  } catch (error) {
    await traffic.stop();
    throw error;
  }
}

describe.concurrent('alerts: SLO breaches and log patterns reach the right receiver, grouped, inhibited, silenced and resolved', () => {
  test('an error-rate breach fires, pages the pager receiver grouped by SLO, and inhibits its own warning', async ({
    stack,
    clients,
    workload,
    notified,
  }) => {
    const service = services.inhibited;
    const { traffic, page } = await errorBreach(
      workload,
      notified,
      `${stack.runId}-alerts-errors`,
      service,
      'error rate critical -> pager',
    );
    try {
      expect(page.failures).toHaveNoFailures();
      expect(page.notification?.payload.receiver, 'the route for severity=critical').toBe('team-pager');
      expect(
        page.notification?.payload.groupLabels,
        'alertmanager->webhook pager: notification grouping (group_by alertname, service, slo)',
      ).toEqual({
        alertname: 'SyntheticErrorRateCritical',
        service: 'synthetic-server',
        slo: 'error-rate',
      });
      const firing = (await clients.prometheus.alerts())
        .filter((a) => a.state === 'firing' && a.labels['service'] === service)
        .map((a) => a.labels['alertname']);
      expect(firing, 'prometheus: both levels of the error-rate SLO fire').toEqual(
        expect.arrayContaining(['SyntheticErrorRateHigh', 'SyntheticErrorRateCritical']),
      );
      const warning = (await clients.alertmanager.alerts('SyntheticErrorRateHigh')).find(
        (a) => a.labels['service'] === service,
      );
      expect(warning?.status.state, 'alertmanager: the warning is suppressed').toBe('suppressed');
      expect(
        warning?.status.inhibitedBy.length,
        'alertmanager: the warning is inhibited by the critical alert',
      ).toBeGreaterThan(0);
      expect(
        await staysQuiet(workload, 'tickets', 'SyntheticErrorRateHigh', service, 'inhibited while its critical fires'),
      ).toHaveNoFailures();
    } finally {
      const { failures } = await traffic.stop();
      expect(failures, `error traffic: probes that failed (hop workload->${pipeline})`).toEqual([]);
    }
  });

  test('the breach resolves when the errors stop, and the resolution is delivered', async ({
    stack,
    workload,
    notified,
  }) => {
    const service = services.recovering;
    const breach = await errorBreach(
      workload,
      notified,
      `${stack.runId}-alerts-recovering`,
      service,
      'error rate critical -> pager (recovering service)',
    );
    const { failures } = await breach.traffic.stop();
    expect(breach.page.failures, 'the breach that is to resolve').toHaveNoFailures();
    expect(failures, `error traffic: probes that failed (hop workload->${pipeline})`).toEqual([]);
    const stoppedAtMs = Date.now();
    // Healthy traffic from here on, as after a fix: the error ratio falls as the window moves on.
    const healthy = await startTraffic(
      workload,
      { runId: `${stack.runId}-alerts-healthy`, outcome: 'ok', service },
      { count: 5, everyMs: 1_000 },
    );
    try {
      const resolved = await notified('error rate critical resolved -> pager', {
        receiver: 'pager',
        alertname: 'SyntheticErrorRateCritical',
        status: 'resolved',
        sinceMs: stoppedAtMs,
        budgetMs: budgets.alerts.resolvedMs,
        labels: { service },
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
    const service = services.slow;
    const silenceId = await clients.alertmanager.silence(
      { alertname: 'SyntheticLatencyHigh', service },
      10,
      `conformance run ${runId}: silence holds back the latency alert`,
    );
    const slow = await startTraffic(
      workload,
      { runId, outcome: 'ok', latencyMs: 400, service },
      { count: 3, everyMs: 1_000 },
    );
    try {
      const held = await pollUntil(
        async () => {
          const alert = (await clients.prometheus.alerts()).find(
            (a) =>
              a.labels['alertname'] === 'SyntheticLatencyHigh' &&
              a.labels['service'] === service &&
              a.state === 'firing',
          );
          if (!alert) throw new Error('SyntheticLatencyHigh is not firing in prometheus yet');
          const inAlertmanager = (await clients.alertmanager.alerts('SyntheticLatencyHigh')).find(
            (a) => a.labels['service'] === service,
          );
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
        await staysQuiet(workload, 'tickets', 'SyntheticLatencyHigh', service, `held back by silence ${silenceId}`),
      ).toHaveNoFailures();

      const expiredAtMs = Date.now();
      await clients.alertmanager.expireSilence(silenceId);
      const ticket = await notified('latency warning after silence expired -> tickets', {
        receiver: 'tickets',
        alertname: 'SyntheticLatencyHigh',
        status: 'firing',
        sinceMs: expiredAtMs,
        budgetMs: budgets.alerts.firingMs,
        labels: { service },
      });
      expect(ticket.failures).toHaveNoFailures();
    } finally {
      const { failures } = await slow.stop();
      expect(failures, 'slow traffic: probes that failed').toEqual([]);
    }
  });

  test("the Watchdog heartbeat keeps reaching the dead-man's switch, and no person", async ({ notified, workload }) => {
    // A dead-man's switch lives on the repeats: two heartbeats in a row, the second within the repeat budget of
    // the first. The first may be the one sent as the stack started, since this suite's tests start with it.
    const heartbeat = {
      receiver: 'deadmansswitch',
      alertname: 'Watchdog',
      status: 'firing',
      budgetMs: budgets.alerts.watchdogRepeatMs,
    } as const;
    const first = await notified("watchdog heartbeat -> dead-man's switch", { ...heartbeat, sinceMs: Date.now() });
    expect(first.failures).toHaveNoFailures();
    const firstAtMs = first.notification?.receivedAtMs ?? Date.now();
    const next = await notified('watchdog heartbeat -> the next one', { ...heartbeat, sinceMs: firstAtMs + 1 });
    expect(next.failures).toHaveNoFailures();
    const elsewhere = (await workload.notifications()).filter(
      (n) => n.receiver !== 'deadmansswitch' && n.payload.alerts.some((a) => a.labels['alertname'] === 'Watchdog'),
    );
    expect(
      elsewhere.map((n) => n.receiver),
      "alertmanager->webhook: the Watchdog reaches only the dead-man's switch",
    ).toEqual([]);
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
    expect(
      ticket.notification?.payload.groupLabels['slo'],
      'loki ruler->alertmanager->webhook tickets: notification grouping (group_by alertname, service, slo) of the log-based alert',
    ).toBe('failed-logins');
  });
});
