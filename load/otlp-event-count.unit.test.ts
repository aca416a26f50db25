import { describe, expect, it } from 'vitest';
import type { LoadShape, LoadSignal } from './load-profile.ts';
import { countJsonEvents, countProtobufEvents } from './otlp-event-count.ts';
import { payloadTemplates } from './otlp-payload-template.ts';

const shape: LoadShape = {
  logs: { linesPerRequest: 7 },
  traces: { spansPerRequest: 12, spansPerTrace: 4 },
  metrics: { pointsPerRequest: 5, series: 5, churnSeconds: 0 },
};
const mark = { runId: 'r', step: 's' };

describe('counting the events of an OTLP request', () => {
  for (const signal of ['logs', 'traces', 'metrics'] as LoadSignal[]) {
    it(`counts the ${signal} of a protobuf and a JSON request alike`, () => {
      const [proto] = payloadTemplates(signal, shape, mark, undefined, 'protobuf');
      const [json] = payloadTemplates(signal, shape, mark, undefined, 'json');
      const expected = { logs: 7, traces: 12, metrics: 5 }[signal];
      expect(countProtobufEvents(signal, proto?.body ?? new Uint8Array())).toBe(expected);
      expect(countJsonEvents(signal, Buffer.from(json?.body ?? []).toString())).toBe(expected);
    });
  }

  it('counts nothing in an empty request', () => {
    expect(countProtobufEvents('logs', new Uint8Array())).toBe(0);
  });
});
