import { describe, expect, it } from 'vitest';
import type { LoadShape } from './load-profile.ts';
import { fillPayload, payloadTemplates, requestIdOf, traceIdOf } from './otlp-payload-template.ts';

const shape = (changes: Partial<LoadShape> = {}): LoadShape => ({
  logs: { linesPerRequest: 2 },
  traces: { spansPerRequest: 6, spansPerTrace: 3 },
  metrics: { pointsPerRequest: 2, series: 5, churnSeconds: 0 },
  ...changes,
});
const mark = { runId: 'run-1', step: '4' };

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTimeUnixNano: string;
}
const spansOf = (body: string): Span[] =>
  (JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] }).resourceSpans[0]?.scopeSpans[0]
    ?.spans ?? [];

describe('OTLP payload templates', () => {
  it('fill into valid OTLP JSON with unique, well-formed ids per request', () => {
    const [template] = payloadTemplates('traces', shape(), mark);
    const a = spansOf(fillPayload(template?.body ?? '', 1n, 1_700_000_000_000_000_000n));
    const b = spansOf(fillPayload(template?.body ?? '', 2n, 1_700_000_000_000_000_000n));
    expect(template?.events).toBe(6);
    for (const span of [...a, ...b]) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set([...a, ...b].map((s) => s.spanId)).size).toBe(12);
    expect(a[0]?.startTimeUnixNano).toBe('1700000000000000000');
  });

  it('never makes an all-zero trace or span id, not even for the first request of the first worker', () => {
    const spans = spansOf(fillPayload(payloadTemplates('traces', shape(), mark)[0]?.body ?? '', requestIdOf(0, 0), 1n));
    for (const span of spans) {
      expect(span.traceId).not.toMatch(/^0+$/);
      expect(span.spanId).not.toMatch(/^0+$/);
    }
    expect(requestIdOf(0, 5)).not.toBe(requestIdOf(1, 5));
  });

  it('groups spans into traces of spansPerTrace: one root, the rest its children', () => {
    const spans = spansOf(fillPayload(payloadTemplates('traces', shape(), mark)[0]?.body ?? '', 7n, 1n));
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(2);
    const [root, child] = spans;
    expect(root?.parentSpanId).toBeUndefined();
    expect(child?.traceId).toBe(root?.traceId);
    expect(child?.parentSpanId).toBe(root?.spanId);
    expect(spans[3]?.parentSpanId).toBeUndefined();
  });

  it('makes every log line unique and marked with its run and step', () => {
    const body = JSON.parse(fillPayload(payloadTemplates('logs', shape(), mark)[0]?.body ?? '', 255n, 1n)) as {
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
    const seriesOf = (body: string): string[] =>
      (
        JSON.parse(fillPayload(body, 1n, 1n, 3)) as {
          resourceMetrics: {
            scopeMetrics: {
              metrics: { gauge: { dataPoints: { attributes: { key: string; value: { stringValue: string } }[] }[] } }[];
            }[];
          }[];
        }
      ).resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.gauge.dataPoints.map((p) =>
        p.attributes.map((a) => `${a.key}=${a.value.stringValue}`).join(','),
      ) ?? [];
    const worker0 = payloadTemplates('metrics', shape(), mark, { index: 0, count: 2 });
    const worker1 = payloadTemplates('metrics', shape(), mark, { index: 1, count: 2 });
    expect(worker0.map((t) => t.events)).toEqual([2, 1]);
    expect(worker1.map((t) => t.events)).toEqual([2]);
    expect([...worker0, ...worker1].flatMap((t) => seriesOf(t.body))).toEqual([
      'load.run=run-1,series=0,gen=3',
      'load.run=run-1,series=2,gen=3',
      'load.run=run-1,series=4,gen=3',
      'load.run=run-1,series=1,gen=3',
      'load.run=run-1,series=3,gen=3',
    ]);
  });

  it('names each trace of a filled request by traceIdOf, so a sample can be fetched from Tempo', () => {
    const [template] = payloadTemplates('traces', shape(), mark);
    const requestId = requestIdOf(1, 42);
    const traceIds = new Set(spansOf(fillPayload(template?.body ?? '', requestId, 1n)).map((s) => s.traceId));
    const { spansPerRequest, spansPerTrace } = shape().traces;
    const perRequest = spansPerRequest / spansPerTrace;
    expect(traceIds).toEqual(new Set(Array.from({ length: perRequest }, (_, t) => traceIdOf(requestId, t))));
  });
});
