import type { LoadShape, LoadSignal, StepMark } from './load-profile.ts';

/**
 * A pre-built OTLP/HTTP JSON request with placeholders: __TS__ (the send time in Unix nanoseconds), __REQ__
 * (a hex id unique per request, which makes every line and trace id unique), __SPAN__ (its last 12 hex digits)
 * and __GEN__ (the metric series' churn generation). Sending costs a few string substitutions, not an SDK's
 * encoding: the generator must not be the bottleneck.
 */
export interface PayloadTemplate {
  body: string;
  /** Events the request carries: log lines, spans or metric points. */
  events: number;
}

/** The metric the load writes, one gauge point per series per request. */
export const loadMetricName = 'load_series';

const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'load-generator' } }] };
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const hex = (i: number, width: number): string => i.toString(16).padStart(width, '0');

/**
 * The templates one generator worker sends in turn. Logs and traces need one. Metrics need one per chunk of the
 * worker's own series: each series belongs to one worker, so no two workers race to write it out of order.
 */
export function payloadTemplates(
  signal: LoadSignal,
  shape: LoadShape,
  mark: StepMark,
  worker = { index: 0, count: 1 },
): PayloadTemplate[] {
  const marks = [text('load.run', mark.runId), text('load.step', mark.step)];
  if (signal === 'logs') {
    const logRecords = Array.from({ length: shape.logs.linesPerRequest }, (_, i) => ({
      timeUnixNano: '__TS__',
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: `load line run=${mark.runId} step=${mark.step} req=__REQ__ i=${i}` },
      attributes: marks,
    }));
    return [
      {
        body: JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ scope: { name: 'load' }, logRecords }] }] }),
        events: logRecords.length,
      },
    ];
  }
  if (signal === 'traces') {
    const { spansPerRequest, spansPerTrace } = shape.traces;
    const spans = Array.from({ length: spansPerRequest }, (_, i) => {
      const trace = Math.floor(i / spansPerTrace);
      const isRoot = i % spansPerTrace === 0;
      return {
        // 24 hex of request + 8 of the trace's index: a trace id; 12 + 4 of the span's index: a span id.
        traceId: `__REQ__${hex(trace, 8)}`,
        spanId: `__SPAN__${hex(i, 4)}`,
        ...(isRoot ? {} : { parentSpanId: `__SPAN__${hex(trace * spansPerTrace, 4)}` }),
        name: isRoot ? 'load-request' : 'load-work',
        kind: isRoot ? 2 : 1,
        startTimeUnixNano: '__TS__',
        endTimeUnixNano: '__TS__',
        attributes: marks,
      };
    });
    return [
      {
        body: JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'load' }, spans }] }] }),
        events: spans.length,
      },
    ];
  }
  const owned: number[] = [];
  for (let series = worker.index; series < shape.metrics.series; series += worker.count) owned.push(series);
  const templates: PayloadTemplate[] = [];
  for (let from = 0; from < owned.length; from += shape.metrics.pointsPerRequest) {
    // The step is not a label: a step would otherwise make a fresh set of series, and cardinality is a knob.
    const dataPoints = owned.slice(from, from + shape.metrics.pointsPerRequest).map((series) => ({
      timeUnixNano: '__TS__',
      asDouble: 1,
      attributes: [text('load.run', mark.runId), text('series', String(series)), text('gen', '__GEN__')],
    }));
    const metrics = [{ name: loadMetricName, gauge: { dataPoints } }];
    templates.push({
      body: JSON.stringify({ resourceMetrics: [{ resource, scopeMetrics: [{ scope: { name: 'load' }, metrics }] }] }),
      events: dataPoints.length,
    });
  }
  return templates;
}

/**
 * The id of a worker's n-th request, unique over the workers. Worker numbers start at 1 in it: the first
 * request's first trace would otherwise have an all-zero trace id, which is no id at all (Tempo refuses the
 * whole batch it came in, a bug the load runs' component logs showed).
 */
export function requestIdOf(workerIndex: number, n: number): bigint {
  return (BigInt(workerIndex + 1) << 40n) | BigInt(n);
}

/** A request id as its payload spells it: 24 hex digits, the first part of each of its trace ids. */
const requestHex = (requestId: bigint): string => requestId.toString(16).padStart(24, '0').slice(-24);

/** The id of the n-th trace of a request (traces templates): so a sample of requests can be fetched from Tempo. */
export function traceIdOf(requestId: bigint, traceIndex: number): string {
  return `${requestHex(requestId)}${hex(traceIndex, 8)}`;
}

/** One request's payload: the template with this request's time, id and series generation. */
export function fillPayload(template: string, requestId: bigint, nowNanos: bigint, generation = 0): string {
  const id = requestHex(requestId);
  return template
    .replaceAll('__TS__', nowNanos.toString())
    .replaceAll('__REQ__', id)
    .replaceAll('__SPAN__', id.slice(-12))
    .replaceAll('__GEN__', String(generation));
}
