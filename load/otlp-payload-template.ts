import type { LoadSignal } from './load-profile.ts';

/**
 * A pre-built OTLP/HTTP JSON request of `batchSize` events, with two placeholders: __TS__ (the send time in
 * Unix nanoseconds) and __REQ__ (a hex id unique per request, which makes every line and id unique). Sending
 * costs two string substitutions, not an SDK's encoding: the generator must not be the bottleneck.
 */
export function payloadTemplate(signal: LoadSignal, batchSize: number, runId: string, step: string): string {
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'load-generator' } }] };
  const marks = [
    { key: 'load.run', value: { stringValue: runId } },
    { key: 'load.step', value: { stringValue: step } },
  ];
  const index = (i: number, width: number): string => i.toString(16).padStart(width, '0');
  if (signal === 'logs') {
    const logRecords = Array.from({ length: batchSize }, (_, i) => ({
      timeUnixNano: '__TS__',
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: `load line run=${runId} step=${step} req=__REQ__ i=${i}` },
      attributes: marks,
    }));
    return JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'load' }, logRecords }] }] });
  }
  const spans = Array.from({ length: batchSize }, (_, i) => ({
    // 24 hex of request + 8 of index: a trace id; 12 + 4: a span id.
    traceId: `__REQ__${index(i, 8)}`,
    spanId: `__SPAN__${index(i, 4)}`,
    name: 'load-span',
    kind: 2,
    startTimeUnixNano: '__TS__',
    endTimeUnixNano: '__TS__',
    attributes: marks,
  }));
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'load' }, spans }] }] });
}

/** One request's payload: the template with this request's time and id. */
export function fillPayload(template: string, requestId: bigint, nowNanos: bigint): string {
  const hex = requestId.toString(16).padStart(24, '0').slice(-24);
  return template.replaceAll('__TS__', nowNanos.toString()).replaceAll('__REQ__', hex).replaceAll('__SPAN__', hex.slice(-12));
}
