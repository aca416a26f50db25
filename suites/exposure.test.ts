/**
 * The shipped stack, exactly as stack/compose.yaml publishes it (only its fixed host ports moved to ephemeral
 * ones through its own variables), is closed from the host: only Grafana and OTLP ingest answer, and no
 * dangerous request reaches a backend. Its own stack, without the harness's overlays.
 *
 * @covers stack/prometheus stack/alertmanager stack/loki stack/tempo stack/alloy stack/grafana
 */
import { describe, expect } from 'vitest';
import type { Failure } from '../fixtures/failures/failure.ts';
import { requestFrom, type RequestOrigin } from '../fixtures/exposure/network-requests.ts';
import { type PublishedPort, publishedPorts } from '../fixtures/exposure/published-ports.ts';
import { deliberatePorts } from '../fixtures/gate/security-checks.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import type { PublishedEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import { harnessWorkloadImage, type StartedStack, startStack } from '../fixtures/stack/start-stack.ts';
import { type ExposureCase, exposureCases } from './cases/exposure-cases.ts';
import { test as harnessTest } from './harness-test.ts';

interface Shipped {
  stack: StartedStack<PublishedEndpoints>;
  ports: PublishedPort[];
  /** The image that carries Node into the stack's network for `from: 'network'` cases. */
  requester: string;
}

/** What each case got back, for results/exposure.json. */
type ExposureRow = { case: string; from: string; answer: string; kept: boolean };

const test = harnessTest
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads a fixture's dependencies from this pattern
  .extend('shipped', { scope: 'file' }, async ({}, { onCleanup }): Promise<Shipped> => {
    const stack = await startStack({ ports: 'shipped' });
    onCleanup(() => stack.down());
    return { stack, ports: await publishedPorts(stack.endpoints.projectName), requester: await harnessWorkloadImage() };
  })
  .extend('rows', { scope: 'file' }, (): ExposureRow[] => []);

const where = (p: { service: string; containerPort: string }): string => `${p.service}:${p.containerPort}`;

/** One case against the shipped stack: what came back, and the failure when it is not what the case expects. */
async function runExposureCase(c: ExposureCase, shipped: Shipped): Promise<{ answer: string; failures: Failure[] }> {
  const hop = `${c.from}->${c.service}:${c.port} ${c.method} ${c.path}`;
  const binding = shipped.ports.find((p) => p.service === c.service && p.containerPort === `${c.port}/tcp`);
  if (c.expect === 'unreachable') {
    const answer = binding ? `published on ${binding.hostIp}:${binding.hostPort}` : 'not published';
    const failures = binding
      ? [
          {
            hop,
            rule: 'unreachable from the host',
            expected: `${c.service}:${c.port} not published (${c.why})`,
            actual: answer,
          },
        ]
      : [];
    return { answer, failures };
  }
  if (c.from === 'host' && !binding)
    return {
      answer: 'not published',
      failures: [
        { hop, rule: 'published for users', expected: `${c.service}:${c.port} published`, actual: 'not published' },
      ],
    };
  const origin: RequestOrigin =
    c.from === 'host'
      ? { from: 'host' }
      : { from: 'network', network: shipped.stack.endpoints.network, image: shipped.requester };
  const base = binding && c.from === 'host' ? `${binding.hostIp}:${binding.hostPort}` : `${c.service}:${c.port}`;
  const reply = await requestFrom(origin, {
    method: c.method,
    url: `http://${base}${c.path}`,
    ...(c.body ? { body: c.body } : {}),
    ...(c.headers ? { headers: c.headers } : {}),
  });
  const answer = 'status' in reply ? `${reply.status} ${reply.body.replace(/\s+/g, ' ').trim()}`.trim() : reply.error;
  const ok = 'status' in reply && c.expect.status.includes(reply.status);
  return {
    answer,
    failures: ok ? [] : [{ hop, rule: c.why, expected: `status ${c.expect.status.join(' or ')}`, actual: answer }],
  };
}

describe('exposure: the shipped stack answers only where users need it', () => {
  test('only Grafana and OTLP ingest are published, each on 127.0.0.1', async ({ shipped }) => {
    const deliberate = Object.entries(deliberatePorts).flatMap(([service, ports]) =>
      ports.map((port) => `${service}:${port}/tcp`),
    );
    const failures: Failure[] = shipped.ports.flatMap((p) => {
      const problems: Failure[] = [];
      if (!deliberate.includes(where(p)))
        problems.push({
          hop: `host->${where(p)}`,
          rule: 'published only on purpose',
          expected: `only ${deliberate.join(', ')} published`,
          actual: `${where(p)} published on ${p.hostIp}:${p.hostPort}`,
        });
      if (p.hostIp !== '127.0.0.1')
        problems.push({ hop: `host->${where(p)}`, rule: 'bound to loopback', expected: '127.0.0.1', actual: p.hostIp });
      return problems;
    });
    for (const port of deliberate.filter((d) => !shipped.ports.some((p) => where(p) === d)))
      failures.push({
        hop: `host->${port}`,
        rule: 'published for users',
        expected: 'published',
        actual: 'not published',
      });
    expect(failures).toHaveNoFailures();
  });

  for (const c of exposureCases) {
    test(`${c.from}: ${c.name}`, async ({ shipped, rows }) => {
      const { answer, failures } = await runExposureCase(c, shipped);
      rows.push({ case: c.name, from: c.from, answer, kept: failures.length === 0 });
      writeResults('exposure', { runId: shipped.stack.endpoints.runId, cases: rows });
      expect(failures).toHaveNoFailures();
    });
  }
});
