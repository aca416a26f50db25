import { describe, expect, it } from 'vitest';
import type { LoadShape, LoadSignal } from './load-profile.ts';
import {
  encodeRequests,
  fillPayload,
  generationLabel,
  type PayloadEncoding,
  payloadTemplates,
  requestIdOf,
  traceIdOf,
} from './otlp-payload-template.ts';

const shape = (changes: Partial<LoadShape> = {}): LoadShape => ({
  logs: { linesPerRequest: 2 },
  traces: { spansPerRequest: 6, spansPerTrace: 3 },
  metrics: { pointsPerRequest: 2, series: 5, churnSeconds: 0 },
  ...changes,
});
const mark = { runId: 'run-1', step: '4' };
const now = 1_765_000_000_123_456_789n;

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTimeUnixNano: string;
}
const spansOf = (body: Uint8Array): Span[] =>
  (JSON.parse(Buffer.from(body).toString()) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] })
    .resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
const traceTemplate = (encoding: PayloadEncoding = 'json') =>
  payloadTemplates('traces', shape(), mark, undefined, encoding)[0] as NonNullable<
    ReturnType<typeof payloadTemplates>[0]
  >;

describe('OTLP payload templates', () => {
  // The strongest check there is: a filled template is byte for byte what the serializer makes of the
  // request's own values, so the placeholders were found, all of them, and nowhere else.
  for (const encoding of ['protobuf', 'json'] as const) {
    for (const signal of ['logs', 'traces', 'metrics'] as LoadSignal[]) {
      it(`fill into exactly what the ${encoding} serializer encodes, for ${signal}`, () => {
        const requestId = requestIdOf(0xfeedbeef, 1, 77);
        const id = requestId.toString(16).padStart(24, '0');
        const worker = { index: 0, count: 2 };
        const expected = encodeRequests(signal, shape(), mark, worker, encoding, {
          time: [Number(now / 1_000_000_000n), Number(now % 1_000_000_000n)],
          traceRequest: id,
          spanRequest: id.slice(-12),
          requestText: id,
          generation: generationLabel(3),
        });
        const templates = payloadTemplates(signal, shape(), mark, worker, encoding);
        expect(templates.map((t) => t.events)).toEqual(expected.map((r) => r.events));
        templates.forEach((template, i) => {
          expect(fillPayload(template, requestId, now, 3).equals(Buffer.from(expected[i]?.body ?? []))).toBe(true);
        });
      });
    }
  }

  it('find every placeholder of a request: two times per event, an id in each trace id, span id and parent', () => {
    const { slots } = traceTemplate('protobuf');
    expect(slots.time).toHaveLength(12);
    expect(slots.traceRequest).toHaveLength(6);
    expect(slots.spanRequest).toHaveLength(6 + 4);
    const logs = payloadTemplates('logs', shape(), mark, undefined, 'protobuf')[0];
    expect(logs?.slots.requestText).toHaveLength(2);
  });

  it('fill into valid OTLP JSON with unique, well-formed ids per request', () => {
    const a = spansOf(fillPayload(traceTemplate(), 1n, now));
    const b = spansOf(fillPayload(traceTemplate(), 2n, now));
    for (const span of [...a, ...b]) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set([...a, ...b].map((s) => s.spanId)).size).toBe(12);
    expect(a[0]?.startTimeUnixNano).toBe(now.toString());
  });

  it('never makes an all-zero trace or span id, not even for the first request of the first worker', () => {
    for (const span of spansOf(fillPayload(traceTemplate(), requestIdOf(0, 0, 0), now))) {
      expect(span.traceId).not.toMatch(/^0+$/);
      expect(span.spanId).not.toMatch(/^0+$/);
    }
    expect(requestIdOf(0, 0, 5)).not.toBe(requestIdOf(0, 1, 5));
  });

  it("never resends an earlier run's trace ids: the run's own bits reach every trace id whole", () => {
    const first = traceIdOf(requestIdOf(0xffff_fffe, 0, 0), 0);
    const next = traceIdOf(requestIdOf(0xffff_ffff, 0, 0), 0);
    expect(first).not.toBe(next);
    expect(next).toBe(`ffffffff0000010000000000${'0'.repeat(8)}`);
  });

  it('groups spans into traces of spansPerTrace: one root, the rest its children', () => {
    const spans = spansOf(fillPayload(traceTemplate(), 7n, now));
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(2);
    const [root, child] = spans;
    expect(root?.parentSpanId ?? '').toBe('');
    expect(child?.traceId).toBe(root?.traceId);
    expect(child?.parentSpanId).toBe(root?.spanId);
    expect(spans[3]?.parentSpanId ?? '').toBe('');
  });

  it('makes every log line unique and marked with its run and step', () => {
    const [template] = payloadTemplates('logs', shape(), mark, undefined, 'json');
    const body = JSON.parse(fillPayload(template as NonNullable<typeof template>, 255n, now).toString()) as {
      resourceLogs: {
        scopeLogs: { logRecords: { body: { stringValue: string }; attributes: { key: string }[] }[] }[];
      }[];
    };
    const records = body.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];
    expect(records.map((r) => r.body.stringValue)).toEqual([
      'load line run=run-1 step=4 req=0000000000000000000000ff i=0',
      'load line run=run-1 step=4 req=0000000000000000000000ff i=1',
    ]);
    expect(records[0]?.attributes.map((a) => a.key)).toEqual(['load.run', 'load.step']);
  });

  it('splits metric series between workers, each written once per round, and stamps the churn generation', () => {
    type Points = { attributes: { key: string; value: { stringValue: string } }[] }[];
    const seriesOf = (body: Uint8Array): string[] =>
      (
        JSON.parse(Buffer.from(body).toString()) as {
          resourceMetrics: { scopeMetrics: { metrics: { gauge: { dataPoints: Points } }[] }[] }[];
        }
      ).resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.gauge.dataPoints.map((p) =>
        p.attributes.map((a) => `${a.key}=${a.value.stringValue}`).join(','),
      ) ?? [];
    const worker0 = payloadTemplates('metrics', shape(), mark, { index: 0, count: 2 }, 'json');
    const worker1 = payloadTemplates('metrics', shape(), mark, { index: 1, count: 2 }, 'json');
    expect(worker0.map((t) => t.events)).toEqual([2, 1]);
    expect(worker1.map((t) => t.events)).toEqual([2]);
    const gen = generationLabel(3);
    expect([...worker0, ...worker1].flatMap((t) => seriesOf(fillPayload(t, 1n, now, 3)))).toEqual([
      `load.run=run-1,series=0,gen=${gen}`,
      `load.run=run-1,series=2,gen=${gen}`,
      `load.run=run-1,series=4,gen=${gen}`,
      `load.run=run-1,series=1,gen=${gen}`,
      `load.run=run-1,series=3,gen=${gen}`,
    ]);
  });

  it('names each trace of a filled request by traceIdOf, so a sample can be fetched from Tempo', () => {
    const requestId = requestIdOf(9, 1, 42);
    const traceIds = new Set(spansOf(fillPayload(traceTemplate(), requestId, now)).map((s) => s.traceId));
    const { spansPerRequest, spansPerTrace } = shape().traces;
    const perRequest = spansPerRequest / spansPerTrace;
    expect(traceIds).toEqual(new Set(Array.from({ length: perRequest }, (_, t) => traceIdOf(requestId, t))));
  });

  it('makes a protobuf body far smaller than the same request in JSON', () => {
    const [json] = payloadTemplates(
      'logs',
      shape({ ...shape(), logs: { linesPerRequest: 100 } }),
      mark,
      undefined,
      'json',
    );
    const [proto] = payloadTemplates('logs', shape({ ...shape(), logs: { linesPerRequest: 100 } }), mark);
    expect((proto?.body.length ?? 0) * 2).toBeLessThan(json?.body.length ?? 0);
  });
});
