/**
 * Every component of the stack is up, scraped, healthy and at its pinned version.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus stack/alertmanager stack/grafana
 */
import { describe, expect, inject } from 'vitest';
import { type Failure, pollFailures } from '../fixtures/failures/failure.ts';
import { checkGrafanaDatasources } from '../fixtures/grafana/datasource-health.ts';
import { ComponentClient } from '../fixtures/http/component-client.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { readComponentVersions } from '../fixtures/stack/component-versions.ts';
import { isSameRelease } from '../fixtures/stack/reported-version.ts';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import { isStackComponent, type StackComponent, stackComponents } from '../fixtures/stack/stack-components.ts';
import { budgets } from './budgets.ts';
import { test } from './harness-test.ts';

/** Each component's own readiness endpoint. */
const readinessPath: Record<StackComponent, string> = {
  prometheus: '/-/ready',
  alertmanager: '/-/ready',
  loki: '/ready',
  tempo: '/ready',
  alloy: '/-/ready',
  grafana: '/api/health',
};

const baseUrlOf = (stack: StackEndpoints, component: StackComponent): string => stack[component];

describe('health: every component of the stack is up and wired', () => {
  test('every component answers its readiness endpoint from the host', async ({ stack }) => {
    const failures = await Promise.all(
      stackComponents.map(async (component) => {
        const client = new ComponentClient({ hop: component, baseUrl: baseUrlOf(stack, component) });
        const path = readinessPath[component];
        const outcome = await pollUntil(() => client.getText(path), {
          what: `${component} ${path}`,
          timeoutMs: budgets.health.readyWithinMs,
        });
        return pollFailures(outcome, {
          hop: `host->${component}`,
          rule: 'ready',
          expected: `GET ${client.baseUrl}${path} answers 2xx`,
        });
      }),
    );
    expect(failures.flat()).toHaveNoFailures();
  });

  test('Prometheus scrapes every component with its target up', async ({ stack }) => {
    interface Target {
      labels: { job: string };
      health: 'up' | 'down' | 'unknown';
      lastError: string;
      scrapeUrl: string;
    }
    const prometheus = new ComponentClient({ hop: 'prometheus', baseUrl: stack.prometheus });
    const outcome = await pollUntil(
      async () => {
        const { data } = await prometheus.getJson<{ data: { activeTargets: Target[] } }>(
          '/api/v1/targets?state=active',
        );
        const notUp = stackComponents
          .map((job) => ({ job, target: data.activeTargets.find((t) => t.labels.job === job) }))
          .filter(({ target }) => target?.health !== 'up')
          .map(({ job, target }) =>
            target
              ? `${job} is ${target.health} at ${target.scrapeUrl} (${target.lastError || 'no error yet'})`
              : `${job}: no target`,
          );
        if (notUp.length > 0) throw new Error(notUp.join('; '));
        return data.activeTargets.length;
      },
      { what: 'every target up', timeoutMs: budgets.health.targetsUpWithinMs },
    );
    expect(
      pollFailures(outcome, {
        hop: 'component->prometheus scrape',
        rule: 'every target up',
        expected: `targets ${stackComponents.join(', ')} up in /api/v1/targets`,
      }),
    ).toHaveNoFailures();
  });

  test('every Grafana datasource passes its health check', async ({ clients }) => {
    const { results, failures } = await checkGrafanaDatasources(
      clients.grafana,
      budgets.health.datasourcesHealthyWithinMs,
    );
    writeResults('datasources.json', results);
    expect(failures).toHaveNoFailures();
    expect(results.map((r) => r.uid).sort()).toEqual(['alertmanager', 'loki', 'prometheus', 'tempo']);
  });

  test("Alloy's components all report healthy", async ({ clients }) => {
    interface AlloyComponent {
      localID: string;
      health: { state: string; message: string };
    }
    const outcome = await pollUntil(
      async () => {
        const components = await clients.alloy.getJson<AlloyComponent[]>('/api/v0/web/components');
        if (components.length === 0) throw new Error('Alloy lists no components');
        const unhealthy = components.filter((c) => c.health.state !== 'healthy');
        if (unhealthy.length > 0)
          throw new Error(unhealthy.map((c) => `${c.localID}: ${c.health.state} (${c.health.message})`).join('; '));
        return components.map((c) => c.localID);
      },
      { what: 'alloy components healthy', timeoutMs: budgets.health.alloyComponentsHealthyWithinMs },
    );
    expect(
      pollFailures(outcome, {
        hop: 'alloy',
        rule: 'every component healthy',
        expected: 'GET /api/v0/web/components: every component healthy',
      }),
    ).toHaveNoFailures();
    expect(outcome.value).toEqual(
      expect.arrayContaining([
        'otelcol.receiver.otlp.default',
        'prometheus.remote_write.default',
        'otelcol.exporter.otlphttp.loki',
        'otelcol.exporter.otlp.tempo',
      ]),
    );
  });

  test('every component runs the pinned version', async ({ stack }) => {
    const reported = await readComponentVersions(stack);
    const rows = inject('stackImages').flatMap(({ component, ...image }) =>
      isStackComponent(component) ? [{ component, ...image, reportedVersion: reported[component] }] : [],
    );
    writeResults('versions.json', rows);
    const failures: Failure[] = rows
      .filter((row) => !isSameRelease(row.reportedVersion, row.expectedVersion))
      .map((row) => ({
        hop: row.component,
        rule: 'runs the pinned version',
        expected: `${row.expectedVersion} (${row.image})`,
        actual: `${row.reportedVersion}`,
      }));
    expect(failures).toHaveNoFailures();
  });
});
