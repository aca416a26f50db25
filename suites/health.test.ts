/**
 * Every component of the stack is up, scraped, healthy and at its pinned version.
 *
 * @covers stack/alloy stack/loki stack/tempo stack/prometheus stack/alertmanager stack/grafana
 */
import { describe, expect, inject, it } from 'vitest';
import { ComponentClient } from '../fixtures/http/component-client.ts';
import { checkGrafanaDatasources } from '../fixtures/grafana/datasource-health.ts';
import { describePollFailure, pollUntil } from '../fixtures/poll/poll-until.ts';
import { readComponentVersions } from '../fixtures/stack/component-versions.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { isSameRelease } from '../fixtures/stack/reported-version.ts';
import { stackComponents, type StackComponent } from '../fixtures/stack/stack-components.ts';
import { budgets } from './budgets.ts';

const stack = inject('stack');
const stackImages = inject('stackImages');

const grafana = new ComponentClient({
  hop: 'grafana',
  baseUrl: stack.grafana,
  auth: { user: stack.grafanaUser, password: stack.grafanaPassword },
});
const prometheus = new ComponentClient({ hop: 'prometheus', baseUrl: stack.prometheus });
const alloy = new ComponentClient({ hop: 'alloy', baseUrl: stack.alloy });

const readiness: Record<StackComponent, { baseUrl: string; path: string }> = {
  prometheus: { baseUrl: stack.prometheus, path: '/-/ready' },
  alertmanager: { baseUrl: stack.alertmanager, path: '/-/ready' },
  loki: { baseUrl: stack.loki, path: '/ready' },
  tempo: { baseUrl: stack.tempo, path: '/ready' },
  alloy: { baseUrl: stack.alloy, path: '/-/ready' },
  grafana: { baseUrl: stack.grafana, path: '/api/health' },
};

describe('health: every component of the stack is up and wired', () => {
  it('every component answers its readiness endpoint from the host', async () => {
    const failures: string[] = [];
    await Promise.all(
      stackComponents.map(async (component) => {
        const { baseUrl, path } = readiness[component];
        const client = new ComponentClient({ hop: component, baseUrl });
        const outcome = await pollUntil(() => client.getText(path), {
          what: `${component} ${path}`,
          timeoutMs: budgets.health.readyWithinMs,
        });
        if (!outcome.ok) failures.push(describePollFailure(`${component} GET ${baseUrl}${path}`, outcome));
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('Prometheus scrapes every component with its target up', async () => {
    interface Target {
      labels: { job: string };
      health: 'up' | 'down' | 'unknown';
      lastError: string;
      scrapeUrl: string;
    }
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
      outcome.ok,
      describePollFailure('prometheus /api/v1/targets: every component up (hop component->prometheus scrape)', outcome),
    ).toBe(true);
  });

  it('every Grafana datasource passes its health check', async () => {
    const { results, failures } = await checkGrafanaDatasources(grafana, budgets.health.datasourcesHealthyWithinMs);
    writeResults('datasources.json', results);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(results.map((r) => r.uid).sort()).toEqual(['alertmanager', 'loki', 'prometheus', 'tempo']);
  });

  it("Alloy's components all report healthy", async () => {
    interface AlloyComponent {
      localID: string;
      health: { state: string; message: string };
    }
    const outcome = await pollUntil(
      async () => {
        const components = await alloy.getJson<AlloyComponent[]>('/api/v0/web/components');
        if (components.length === 0) throw new Error('Alloy lists no components');
        const unhealthy = components.filter((c) => c.health.state !== 'healthy');
        if (unhealthy.length > 0)
          throw new Error(unhealthy.map((c) => `${c.localID}: ${c.health.state} (${c.health.message})`).join('; '));
        return components.map((c) => c.localID);
      },
      { what: 'alloy components healthy', timeoutMs: budgets.health.alloyComponentsHealthyWithinMs },
    );
    expect(outcome.ok, describePollFailure('alloy GET /api/v0/web/components: every component healthy', outcome)).toBe(
      true,
    );
    expect(outcome.value).toEqual(
      expect.arrayContaining([
        'otelcol.receiver.otlp.default',
        'prometheus.remote_write.default',
        'otelcol.exporter.otlphttp.loki',
        'otelcol.exporter.otlp.tempo',
      ]),
    );
  });

  it('every component runs the pinned version', async () => {
    const reported = await readComponentVersions(stack);
    const rows = stackImages.map((image) => ({ ...image, reportedVersion: reported[image.component] }));
    writeResults('versions.json', rows);
    const mismatches = rows
      .filter((row) => !isSameRelease(row.reportedVersion, row.expectedVersion))
      .map((row) => `${row.component} (${row.image}) reports ${row.reportedVersion}, pinned ${row.expectedVersion}`);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });
});
