/**
 * Grafana answers queries of every datasource, its dashboards return data, and its access is closed.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus stack/grafana
 */
import { describe, expect } from 'vitest';
import { type Failure, pollFailures } from '../fixtures/failures/failure.ts';
import { checkGrafanaDatasources } from '../fixtures/grafana/datasource-health.ts';
import { type PanelQuery, queryThroughGrafana, valueCount } from '../fixtures/grafana/grafana-query.ts';
import { ComponentClient } from '../fixtures/http/component-client.ts';
import { HttpError } from '../fixtures/http/http-error.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { startTraffic } from '../fixtures/workload/traffic.ts';
import { budgets } from './budgets.ts';
import { test as harnessTest } from './harness-test.ts';

const itemCount = 5;

/** A live service for the dashboards: one probe to find, and steady traffic for rates, ratios and quantiles. */
const test = harnessTest.extend('live', { scope: 'file' }, async ({ stack, workload }, { onCleanup }) => {
  const runId = `${stack.runId}-grafana`;
  const probe = await workload.probe({ runId, count: itemCount });
  const traffic = await startTraffic(
    workload,
    { runId: `${runId}-steady`, outcome: 'ok' },
    { count: 2, everyMs: 1_000 },
  );
  onCleanup(async () => void (await traffic.stop()));
  return { probe };
});

/** Polls a query through Grafana until it holds at least `atLeast` values: the count, and failures naming what came back. */
async function throughGrafana(
  grafana: ComponentClient,
  what: string,
  query: PanelQuery,
  atLeast: number,
): Promise<{ count: number; failures: Failure[] }> {
  const outcome = await pollUntil(
    async () => {
      const answer = (await queryThroughGrafana(grafana, [query]))[query.refId];
      if (answer?.error) throw new Error(`error: ${answer.error}`);
      const count = valueCount(answer);
      if (count < atLeast) throw new Error(`${count} values, want ${atLeast}`);
      return count;
    },
    { what, timeoutMs: budgets.deliveryWaitMs, maxIntervalMs: 3_000 },
  );
  const hop = `grafana /api/ds/query -> ${query.datasource.uid}`;
  return {
    count: outcome.value ?? 0,
    failures: pollFailures(outcome, {
      hop,
      rule: 'query returns data',
      expected: `${what}: at least ${atLeast} values`,
    }),
  };
}

describe('grafana: the place people look answers their questions', () => {
  test('every provisioned datasource is healthy', async ({ clients }) => {
    const { results, failures } = await checkGrafanaDatasources(
      clients.grafana,
      budgets.health.datasourcesHealthyWithinMs,
    );
    expect(failures).toHaveNoFailures();
    expect(results.map((r) => r.uid).sort()).toEqual(['alertmanager', 'loki', 'prometheus', 'tempo']);
  });

  test('a PromQL query through Grafana returns the synthetic data', async ({ live, clients }) => {
    const promql = `sum(synthetic_http_requests_total{job="synthetic-server", run_id="${live.probe.runId}"})`;
    const query = {
      refId: 'A',
      datasource: { uid: 'prometheus', type: 'prometheus' },
      expr: promql,
      instant: true,
      range: false,
    };
    expect((await throughGrafana(clients.grafana, `prometheus ${promql}`, query, 1)).failures).toHaveNoFailures();
    const answer = (await queryThroughGrafana(clients.grafana, [query]))['A'];
    expect(answer?.frames[0]?.data?.values?.at(-1)?.at(-1), `grafana -> prometheus ${promql}`).toBe(itemCount);
  });

  test('a LogQL query through Grafana returns the synthetic log lines', async ({ live, clients }) => {
    const logql = `{service_name="synthetic-server"} | harness_run_id="${live.probe.runId}"`;
    const query = {
      refId: 'A',
      datasource: { uid: 'loki', type: 'loki' },
      expr: logql,
      queryType: 'range',
      maxLines: 100,
    };
    const { count, failures } = await throughGrafana(clients.grafana, `loki ${logql}`, query, itemCount);
    expect(failures).toHaveNoFailures();
    expect(count, `grafana -> loki ${logql}`).toBe(itemCount);
  });

  test('a trace by id through Grafana returns every span of the trace', async ({ live, clients }) => {
    const item = live.probe.items[0];
    const query = {
      refId: 'A',
      datasource: { uid: 'tempo', type: 'tempo' },
      query: item?.traceId,
      queryType: 'traceql',
    };
    const { count, failures } = await throughGrafana(
      clients.grafana,
      `tempo trace ${item?.traceId}`,
      query,
      item?.spans.length ?? 1,
    );
    expect(failures).toHaveNoFailures();
    expect(count, `grafana -> tempo trace ${item?.traceId}: spans`).toBe(item?.spans.length);
  });

  test("a TraceQL search through Grafana's Tempo datasource finds the run's traces", async ({ live, clients }) => {
    // Grafana 10.0 runs TraceQL searches from the browser through its datasource proxy, not /api/ds/query.
    const traceql = `{ span.harness.run_id = "${live.probe.runId}" }`;
    const outcome = await pollUntil(
      async () => {
        const found = await clients.grafana.getJson<{ traces?: { traceID: string }[] }>(
          `/api/datasources/proxy/uid/tempo/api/search?${new URLSearchParams({ q: traceql, limit: '100' })}`,
        );
        const ids = (found.traces ?? []).map((t) => t.traceID.padStart(32, '0'));
        const missing = live.probe.items.filter((i) => !ids.includes(i.traceId));
        if (missing.length > 0) throw new Error(`${missing.length} of ${itemCount} traces not found`);
        return ids.length;
      },
      { what: 'traceql through grafana', timeoutMs: budgets.deliveryWaitMs, maxIntervalMs: 2_000 },
    );
    expect(
      pollFailures(outcome, {
        hop: 'grafana datasource proxy -> tempo',
        rule: 'TraceQL finds every trace',
        expected: traceql,
      }),
    ).toHaveNoFailures();
  });

  test("every provisioned dashboard loads, and every panel's query returns data", async ({ live, clients }) => {
    expect(live.probe.items).toHaveLength(itemCount);
    const found = await clients.grafana.getJson<{ uid: string; title: string }[]>(
      '/api/search?type=dash-db&tag=obs-stack',
    );
    expect(found.map((d) => d.uid).sort(), 'provisioned dashboards').toEqual([
      'obs-stack-health',
      'synthetic-golden-signals',
    ]);
    const panels: { dashboard: string; title: string; targets: PanelQuery[] }[] = [];
    for (const { uid } of found) {
      const { dashboard } = await clients.grafana.getJson<{
        dashboard: { title: string; panels: { title: string; type: string; targets?: PanelQuery[] }[] };
      }>(`/api/dashboards/uid/${uid}`);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row' && p.type !== 'text')) {
        panels.push({ dashboard: dashboard.title, title: panel.title, targets: panel.targets ?? [] });
      }
    }
    const answers = await Promise.all(
      panels.flatMap((panel) =>
        panel.targets.map(async (target) => {
          const what = `"${panel.dashboard}" / "${panel.title}" ${target.refId}: ${String(target['expr'] ?? target['query'])}`;
          return { what, ...(await throughGrafana(clients.grafana, what, target, 1)) };
        }),
      ),
    );
    writeResults('grafana-panels', Object.fromEntries(answers.map((a) => [a.what, a.count])));
    expect(panels.length, 'dashboard panels found').toBeGreaterThanOrEqual(16);
    expect(answers.flatMap((a) => a.failures)).toHaveNoFailures();
  });

  test('the admin password is not a default, and anonymous access is off', async ({ stack }) => {
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
