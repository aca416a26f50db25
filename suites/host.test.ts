/**
 * The host the stack runs on is measured: node exporter (Alloy's built-in one, or the collector variant's
 * containers of it) reads the host's /proc, /sys and / (mounted read-only) and its series reach Prometheus as
 * job="host", instance=<the host's name>. Each case is checked against what the Docker engine itself says of
 * its machine, so the container's own view cannot pass for it.
 *
 * @covers stack/alloy stack/prometheus
 */
import { describe, expect } from 'vitest';
import { engineHost, networkBridgeDevice } from '../fixtures/docker/engine-host.ts';
import { type Failure, pollFailures } from '../fixtures/failures/failure.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import { pipelineShapes } from '../fixtures/stack/pipeline.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { budgets } from './budgets.ts';
import { type HostFacts, hostSeriesCases } from './cases/host-cases.ts';
import { test } from './harness-test.ts';

describe('host: the metrics of the machine the stack runs on reach Prometheus', () => {
  test('CPU, memory, filesystem and network series of the host arrive, fresh', async ({ stack, clients }) => {
    const hop = pipelineShapes[stack.pipeline].hostMetricsHop;
    const host: HostFacts = { ...(await engineHost()), bridgeDevice: await networkBridgeDevice(stack.network) };
    const started = Date.now();
    const outcomes = await Promise.all(
      hostSeriesCases.map(async (hostCase) => {
        const promql = hostCase.promql(host);
        const outcome = await pollUntil(
          async () => {
            const samples = await clients.prometheus.query(promql);
            const wrong = hostCase.check(samples, host);
            if (wrong !== undefined) throw new Error(wrong);
            return samples;
          },
          { what: `${hostCase.name}: ${promql}`, timeoutMs: budgets.host.arriveWithinMs },
        );
        return { hostCase, promql, outcome };
      }),
    );
    writeResults('host', {
      host,
      cases: outcomes.map(({ hostCase, promql, outcome }) => ({
        name: hostCase.name,
        promql,
        ok: outcome.ok,
        seenAfterMs: outcome.ok ? outcome.elapsedMs : undefined,
        samples: outcome.value?.length,
      })),
      tookMs: Date.now() - started,
    });
    const failures: Failure[] = outcomes.flatMap(({ hostCase, promql, outcome }) =>
      pollFailures(outcome, { hop, rule: hostCase.name, expected: `${promql} for host ${host.name}` }),
    );
    expect(failures).toHaveNoFailures();
  });
});
