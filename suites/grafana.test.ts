/**
 * Grafana answers queries of every datasource, its dashboards return data, and its access is closed.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus stack/grafana
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkGrafanaDatasources } from '../fixtures/grafana/datasource-health.ts';
import { queryThroughGrafana, valueCount, type PanelQuery } from '../fixtures/grafana/grafana-query.ts';
import { ComponentClient } from '../fixtures/http/component-client.ts';
import { HttpError } from '../fixtures/http/http-error.ts';
import { describePollFailure, pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import type { ProbeResult } from '../fixtures/workload/probe-types.ts';
import { startTraffic, type RunningTraffic } from '../fixtures/workload/traffic.ts';
import { WorkloadClient } from '../fixtures/workload/workload-client.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const grafana = new ComponentClient({
  hop: 'grafana',
  baseUrl: stack.grafana,
  auth: { user: stack.grafanaUser, password: stack.grafanaPassword },
});
const runId = `${stack.runId}-grafana`;
const itemCount = 5;

/** Polls a query through Grafana until it holds at least `atLeast` values; the failure names what came back. */
async function awaitThroughGrafana(what: string, query: PanelQuery, atLeast: number): Promise<number> {
  const outcome = await pollUntil(
    async () => {
      const answer = (await queryThroughGrafana(grafana, [query]))[query.refId];
      const count = valueCount(answer);
      if (answer?.error) throw new Error(`error: ${answer.error}`);
      if (count < atLeast) throw new Error(`${count} values, want ${atLeast}`);
      return count;
    },
    { what, timeoutMs: budgets.deliveryWaitMs, maxIntervalMs: 2_000 },
  );
  expect(outcome.ok, describePollFailure(`grafana /api/ds/query ${what}`, outcome)).toBe(true);
  return outcome.value as number;
}

describe('grafana: the place people look answers their questions', () => {
  let probe: ProbeResult;
  let traffic: RunningTraffic | undefined;

  beforeAll(async () => {
    if (!stack.workload) throw new Error('the stack runs without the synthetic workload');
    const workload = new WorkloadClient(stack.workload);
    probe = await workload.probe({ runId, count: itemCount });
    // A live service has steady traffic: rates, ratios and quantiles on the dashboards need it.
    traffic = await startTraffic(workload, { runId: `${runId}-steady`, outcome: 'ok' }, { count: 2, everyMs: 1_000 });
  });

  afterAll(async () => {
    await traffic?.stop();
  });

  it('every provisioned datasource is healthy', async () => {
    const { results, failures } = await checkGrafanaDatasources(grafana, budgets.health.datasourcesHealthyWithinMs);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(results.map((r) => r.uid).sort()).toEqual(['alertmanager', 'loki', 'prometheus', 'tempo']);
  });

  it('a PromQL query through Grafana returns the synthetic data', async () => {
    const promql = `sum(synthetic_http_requests_total{job="synthetic-server", run_id="${runId}"})`;
    await awaitThroughGrafana(
      `prometheus ${promql}`,
      { refId: 'A', datasource: { uid: 'prometheus', type: 'prometheus' }, expr: promql, instant: true, range: false },
      1,
    );
    const answer = (
      await queryThroughGrafana(grafana, [
        { refId: 'A', datasource: { uid: 'prometheus' }, expr: promql, instant: true, range: false },
      ])
    )['A'];
    const value = answer?.frames[0]?.data?.values?.at(-1)?.at(-1);
    expect(value, `grafana -> prometheus ${promql}`).toBe(itemCount);
  });

  it('a LogQL query through Grafana returns the synthetic log lines', async () => {
    const logql = `{service_name="synthetic-server"} | harness_run_id="${runId}"`;
    const lines = await awaitThroughGrafana(
      `loki ${logql}`,
      { refId: 'A', datasource: { uid: 'loki', type: 'loki' }, expr: logql, queryType: 'range', maxLines: 100 },
      itemCount,
    );
    expect(lines, `grafana -> loki ${logql}`).toBe(itemCount);
  });

  it('a trace by id through Grafana returns every span of the trace', async () => {
    const item = probe.items[0];
    const spans = await awaitThroughGrafana(
      `tempo trace ${item?.traceId}`,
      { refId: 'A', datasource: { uid: 'tempo', type: 'tempo' }, query: item?.traceId, queryType: 'traceql' },
      3,
    );
    expect(spans, `grafana -> tempo trace ${item?.traceId}: spans`).toBe(item?.spans.length);
  });

  it("a TraceQL search through Grafana's Tempo datasource finds the run's traces", async () => {
    // Grafana 10.0 runs TraceQL searches from the browser through its datasource proxy, not /api/ds/query.
    const traceql = `{ span.harness.run_id = "${runId}" }`;
    const outcome = await pollUntil(
      async () => {
        const found = await grafana.getJson<{ traces?: { traceID: string }[] }>(
          `/api/datasources/proxy/uid/tempo/api/search?${new URLSearchParams({ q: traceql, limit: '100' })}`,
        );
        const ids = (found.traces ?? []).map((t) => t.traceID.padStart(32, '0'));
        const missing = probe.items.filter((i) => !ids.includes(i.traceId));
        if (missing.length > 0) throw new Error(`${missing.length} of ${itemCount} traces not found`);
        return ids.length;
      },
      { what: 'traceql through grafana', timeoutMs: budgets.deliveryWaitMs, maxIntervalMs: 2_000 },
    );
    expect(outcome.ok, describePollFailure(`grafana -> tempo TraceQL ${traceql}`, outcome)).toBe(true);
  });

  it("every provisioned dashboard loads, and every panel's query returns data", async () => {
    const found = await grafana.getJson<{ uid: string; title: string }[]>('/api/search?type=dash-db&tag=obs-stack');
    expect(found.map((d) => d.uid).sort(), 'provisioned dashboards').toEqual([
      'obs-stack-health',
      'synthetic-golden-signals',
    ]);
    const panels: { dashboard: string; title: string; targets: PanelQuery[] }[] = [];
    for (const { uid } of found) {
      const { dashboard } = await grafana.getJson<{
        dashboard: { title: string; panels: { title: string; type: string; targets?: PanelQuery[] }[] };
      }>(`/api/dashboards/uid/${uid}`);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row' && p.type !== 'text')) {
        panels.push({ dashboard: dashboard.title, title: panel.title, targets: panel.targets ?? [] });
      }
    }
    const measured: Record<string, number> = {};
    const failures: string[] = [];
    await Promise.all(
      panels.flatMap((panel) =>
        panel.targets.map(async (target) => {
          const what = `"${panel.dashboard}" / "${panel.title}" ${target.refId}: ${String(target['expr'] ?? target['query'])}`;
          const outcome = await pollUntil(
            async () => {
              const answer = (await queryThroughGrafana(grafana, [target]))[target.refId];
              if (answer?.error) throw new Error(`error: ${answer.error}`);
              const count = valueCount(answer);
              if (count === 0) throw new Error('no data');
              return count;
            },
            { what, timeoutMs: budgets.deliveryWaitMs, maxIntervalMs: 3_000 },
          );
          measured[what] = outcome.value ?? 0;
          if (!outcome.ok) failures.push(describePollFailure(`dashboard panel ${what}`, outcome));
        }),
      ),
    );
    writeResults('grafana-panels', measured);
    expect(panels.length, 'dashboard panels found').toBeGreaterThanOrEqual(16);
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('the admin password is not a default, and anonymous access is off', async () => {
    const answer = async (auth?: { user: string; password: string }): Promise<number> => {
      const client = new ComponentClient({ hop: 'grafana', baseUrl: stack.grafana, ...(auth ? { auth } : {}) });
      try {
        await client.getJson('/api/org');
        return 200;
      } catch (error) {
        if (error instanceof HttpError && error.status !== undefined) return error.status;
        throw error;
      }
    };
    expect(await answer(), 'grafana GET /api/org without credentials (anonymous access)').toBe(401);
    expect(
      await answer({ user: 'admin', password: 'admin' }),
      'grafana GET /api/org as admin:admin (default password)',
    ).toBe(401);
    expect(
      await answer({ user: stack.grafanaUser, password: stack.grafanaPassword }),
      'grafana GET /api/org with the generated password',
    ).toBe(200);
  });
});
