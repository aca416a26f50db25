/**
 * Loki and Tempo keep tenants apart. Alloy writes as the stack's tenant (its exporters' X-Scope-OrgID); that
 * tenant finds what it wrote, another tenant finds none of it, and a request with no tenant is refused.
 *
 * @covers stack/loki stack/tempo stack/alloy
 */
import { describe, expect } from 'vitest';
import type { Signal } from '../fixtures/delivery/delivery-case.ts';
import { DeliveryRun } from '../fixtures/delivery/delivery-run.ts';
import { probeLookup, sendProbe, storeOf } from '../fixtures/delivery/otlp-probes.ts';
import { requestFrom, type RequestOrigin } from '../fixtures/exposure/network-requests.ts';
import type { Failure } from '../fixtures/failures/failure.ts';
import { stackClients } from '../fixtures/stack/stack-clients.ts';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import { harnessWorkloadImage } from '../fixtures/stack/start-stack.ts';
import { budgets } from './budgets.ts';
import { test } from './harness-test.ts';

/** Another tenant, which has written nothing. */
const intruder = 'tenancy-intruder';

/** A request that names no tenant, and must be refused: where it goes (from the host, or the stack's network). */
interface UntenantedRequest {
  name: string;
  from: 'host' | 'network';
  store: 'loki' | 'tempo';
  method: 'GET' | 'POST';
  /** From the host: a path on the store's harness-published API; from the network: a full URL there. */
  target: (stack: StackEndpoints) => string;
  body?: string;
  /** The statuses that refuse it; 401 unless the component answers otherwise (said where it does). */
  refusedWith?: readonly number[];
}

const untentantedRequests: readonly UntenantedRequest[] = [
  {
    name: 'a push to Loki',
    from: 'host',
    store: 'loki',
    method: 'POST',
    target: (s) => `${s.loki}/loki/api/v1/push`,
    body: JSON.stringify({
      streams: [{ stream: { service_name: 'tenancy' }, values: [[`${Date.now()}000000`, 'x']] }],
    }),
  },
  {
    name: 'a LogQL query',
    from: 'host',
    store: 'loki',
    method: 'GET',
    target: (s) => `${s.loki}/loki/api/v1/query_range?${new URLSearchParams({ query: '{service_name=~".+"}' })}`,
  },
  {
    name: 'a trace by id',
    from: 'host',
    store: 'tempo',
    method: 'GET',
    target: (s) => `${s.tempo}/api/traces/0123456789abcdef0123456789abcdef`,
  },
  {
    name: 'a TraceQL search',
    from: 'host',
    store: 'tempo',
    method: 'GET',
    target: (s) => `${s.tempo}/api/search?q=%7B%7D`,
  },
  {
    name: "an OTLP export straight to Tempo's receiver",
    from: 'network',
    store: 'tempo',
    method: 'POST',
    target: () => 'http://tempo:4318/v1/traces',
    // Tempo's receiver maps a missing tenant to gRPC UNAVAILABLE, so OTLP/HTTP gets 503: refused and named, but
    // with a status clients retry. Alloy always sends the tenant; only a client that bypasses it meets this.
    refusedWith: [401, 503],
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'tenancy' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0123456789abcdef0123456789abcdef',
                  spanId: '0123456789abcdef',
                  name: 'untenanted',
                  kind: 1,
                  startTimeUnixNano: `${Date.now()}000000`,
                  endTimeUnixNano: `${Date.now() + 1}000000`,
                },
              ],
            },
          ],
        },
      ],
    }),
  },
];

describe('tenancy: Loki and Tempo keep tenants apart', () => {
  const signals: Signal[] = ['logs', 'traces'];
  for (const signal of signals) {
    test(`${signal} written through Alloy are found by the stack's tenant and never by another`, async ({
      stack,
      clients,
    }) => {
      const mark = { runId: `${stack.runId}-tenancy`, step: signal };
      const lookup = probeLookup(signal, mark, budgets.faults.probe.maxMs);
      const sentAtMs = Date.now();
      const id = await sendProbe(signal, stack.otlpHttp, mark);
      expect(id, `load->alloy ${signal}: Alloy acknowledges the probe`).toBeDefined();
      const item = { key: id as string, label: `${signal} probe ${id}`, transport: 'http', sentAtMs, fields: {} };
      const own = await new DeliveryRun(lookup, { name: `tenancy-${signal}`, clients, runId: mark.runId })
        .add([item])
        .settle({ timeoutMs: lookup.budget.maxMs });
      // Only once the stack's tenant has it can another tenant's empty answer mean isolation, not delay.
      const intruderRun = new DeliveryRun(lookup, {
        name: `tenancy-${signal}-intruder`,
        clients: stackClients({ ...stack, tenant: intruder }),
        runId: mark.runId,
      }).add([item]);
      await intruderRun.poll();
      const theirs = intruderRun.result();
      const hop = `alloy->${storeOf[signal]}`;
      const failures: Failure[] = [];
      if (own.overall.received !== 1)
        failures.push({
          hop: `${hop} (tenant ${stack.tenant})`,
          rule: "the stack's tenant finds what Alloy wrote",
          expected: `${item.label} found within ${lookup.budget.maxMs} ms`,
          actual: `not found (${own.failures.map((f) => f.actual).join('; ') || 'no answer'})`,
        });
      if (theirs.overall.received !== 0)
        failures.push({
          hop: `${hop} (tenant ${intruder})`,
          rule: "another tenant never sees the stack's data",
          expected: `${item.label} not found as tenant ${intruder}`,
          actual: `found ${theirs.overall.received} time(s)`,
        });
      expect(failures).toHaveNoFailures();
    });
  }

  test('requests without a tenant are refused, saying so', async ({ stack }) => {
    const requester = await harnessWorkloadImage();
    const answers = await Promise.all(
      untentantedRequests.map(async (r) => {
        const url = r.target(stack);
        const origin: RequestOrigin =
          r.from === 'network' ? { from: 'network', network: stack.network, image: requester } : { from: 'host' };
        const answer = await requestFrom(origin, {
          method: r.method,
          url,
          ...(r.body ? { body: r.body, headers: { 'content-type': 'application/json' } } : {}),
        });
        return { r, url, answer };
      }),
    );
    const failures: Failure[] = answers.flatMap(({ r, url, answer }) =>
      'status' in answer && (r.refusedWith ?? [401]).includes(answer.status) && /org ?id/i.test(answer.body)
        ? []
        : [
            {
              hop: `${r.from}->${r.store} ${r.method} ${url}`,
              rule: `${r.name} without a tenant is refused`,
              expected: `${(r.refusedWith ?? [401]).join(' or ')}, saying "no org id"`,
              actual: 'status' in answer ? `${answer.status} ${answer.body.trim()}` : answer.error,
            },
          ],
    );
    expect(failures).toHaveNoFailures();
  });
});
