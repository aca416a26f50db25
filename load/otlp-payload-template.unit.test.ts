import { describe, expect, it } from 'vitest';
import { fillPayload, payloadTemplate } from './otlp-payload-template.ts';

describe('OTLP payload templates', () => {
  it('fill into valid OTLP JSON with unique, well-formed ids per request', () => {
    const template = payloadTemplate('traces', 3, 'run-1', '2');
    const a = JSON.parse(fillPayload(template, 1n, 1_700_000_000_000_000_000n)) as { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; startTimeUnixNano: string }[] }[] }[] };
    const b = JSON.parse(fillPayload(template, 2n, 1_700_000_000_000_000_000n)) as typeof a;
    const spansA = a.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    const spansB = b.resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    expect(spansA).toHaveLength(3);
    for (const span of [...spansA, ...spansB]) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(new Set([...spansA, ...spansB].map((s) => s.traceId)).size).toBe(6);
    expect(spansA[0]?.startTimeUnixNano).toBe('1700000000000000000');
  });

  it('makes every log line unique and marked with its run and step', () => {
    const body = JSON.parse(fillPayload(payloadTemplate('logs', 2, 'run-1', '4'), 255n, 1n)) as {
      resourceLogs: { scopeLogs: { logRecords: { body: { stringValue: string }; attributes: { key: string }[] }[] }[] }[];
    };
    const records = body.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];
    expect(records.map((r) => r.body.stringValue)).toEqual([
      'load line run=run-1 step=4 req=0000000000000000000000ff i=0',
      'load line run=run-1 step=4 req=0000000000000000000000ff i=1',
    ]);
    expect(records[0]?.attributes.map((a) => a.key)).toEqual(['load.run', 'load.step']);
  });
});
