import { type AnyValue, type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { LoadShape, LoadSignal, StepMark } from './load-profile.ts';

/** How a request's body is encoded: OTLP's JSON, or its protobuf (what the SDKs send by default). */
export type PayloadEncoding = 'json' | 'protobuf';

/**
 * What a request carries that changes from one request to the next: the send time, the request's id (in its
 * trace and span ids and in its log lines) and the metric series' churn generation.
 */
type SlotKind = 'time' | 'traceRequest' | 'spanRequest' | 'requestText' | 'generation';

/**
 * A pre-built OTLP request: its body, encoded once by the OpenTelemetry JS serializers, with a placeholder value
 * wherever a request's own values go, and the byte offset of each placeholder. Sending a request is a copy of
 * the body and a few byte writes, not an SDK's encoding: the generator must not be the bottleneck. Every
 * placeholder has the width of what replaces it, in both encodings, so the offsets hold for every request.
 */
export interface PayloadTemplate {
  encoding: PayloadEncoding;
  body: Uint8Array;
  slots: Record<SlotKind, number[]>;
  /** Events the request carries: log lines, spans or metric points. */
  events: number;
}

/** The metric the load writes, one gauge point per series per request. */
export const loadMetricName = 'load_series';

const hex = (i: number, width: number): string => i.toString(16).padStart(width, '0');
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

// Placeholders. A time of 2009 (19 decimal digits, like now's); ids made of bytes no real id is made of.
const placeholderNanos = 1_234_567_890_123_456_789n;
const placeholderTime: HrTime = [1_234_567_890, 123_456_789];
/** The 12 bytes of a trace id that are the request's id ("REQREQREQREQ"). */
const traceRequestHex = '524551'.repeat(4);
/** The 6 bytes of a span id that are the request's id ("SPANID"). */
const spanRequestHex = '5350414e4944';
/** The request's id as 24 hex digits, in a log line's text. */
const requestTextPlaceholder = 'Q'.repeat(24);
/** The churn generation, as 10 decimal digits. */
const generationPlaceholder = 'G'.repeat(10);
const generationDigits = 10;

/** The placeholder of each slot as it appears in a body of each encoding. */
function placeholderBytes(kind: SlotKind, encoding: PayloadEncoding): Buffer {
  const json = encoding === 'json';
  switch (kind) {
    case 'time': {
      if (json) return ascii(placeholderNanos.toString());
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64LE(placeholderNanos);
      return bytes;
    }
    case 'traceRequest':
      return json ? ascii(traceRequestHex) : Buffer.from(traceRequestHex, 'hex');
    case 'spanRequest':
      return json ? ascii(spanRequestHex) : Buffer.from(spanRequestHex, 'hex');
    case 'requestText':
      return ascii(requestTextPlaceholder);
    case 'generation':
      return ascii(generationPlaceholder);
  }
}

const slotKinds: readonly SlotKind[] = ['time', 'traceRequest', 'spanRequest', 'requestText', 'generation'];

function findSlots(body: Uint8Array, encoding: PayloadEncoding): PayloadTemplate['slots'] {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const slots = {} as PayloadTemplate['slots'];
  for (const kind of slotKinds) {
    const needle = placeholderBytes(kind, encoding);
    const offsets: number[] = [];
    for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + needle.length)) offsets.push(at);
    slots[kind] = offsets;
  }
  return slots;
}

const resource = resourceFromAttributes({ 'service.name': 'load-generator' });
const scope = { name: 'load' };

/** The values that change per request, as the SDK-level records hold them. */
export interface RequestValues {
  time: HrTime;
  /** 24 hex digits: the first 12 bytes of every trace id of the request. */
  traceRequest: string;
  /** 12 hex digits: the first 6 bytes of every span id of the request. */
  spanRequest: string;
  /** 24 characters in every log line. */
  requestText: string;
  /** 10 characters: the `gen` label of every metric series. */
  generation: string;
}

const placeholders: RequestValues = {
  time: placeholderTime,
  traceRequest: traceRequestHex,
  spanRequest: spanRequestHex,
  requestText: requestTextPlaceholder,
  generation: generationPlaceholder,
};

function logRecords(shape: LoadShape, marks: Attributes, values: RequestValues): ReadableLogRecord[] {
  return Array.from({ length: shape.logs.linesPerRequest }, (_, i) => ({
    hrTime: values.time,
    hrTimeObserved: values.time,
    severityNumber: 9,
    severityText: 'INFO',
    body: `load line run=${marks['load.run']} step=${marks['load.step']} req=${values.requestText} i=${i}` as AnyValue,
    resource,
    instrumentationScope: scope,
    attributes: marks,
    droppedAttributesCount: 0,
  }));
}

function spans(shape: LoadShape, marks: Attributes, values: RequestValues): ReadableSpan[] {
  const { spansPerRequest, spansPerTrace } = shape.traces;
  return Array.from({ length: spansPerRequest }, (_, i) => {
    const trace = Math.floor(i / spansPerTrace);
    const isRoot = i % spansPerTrace === 0;
    // 24 hex of request + 8 of the trace's index: a trace id; 12 + 4 of the span's index: a span id.
    const traceId = `${values.traceRequest}${hex(trace, 8)}`;
    const context = { traceId, spanId: `${values.spanRequest}${hex(i, 4)}`, traceFlags: 1 };
    const parent = { traceId, spanId: `${values.spanRequest}${hex(trace * spansPerTrace, 4)}`, traceFlags: 1 };
    return {
      name: isRoot ? 'load-request' : 'load-work',
      kind: isRoot ? 1 : 0, // server, internal
      spanContext: () => context,
      ...(isRoot ? {} : { parentSpanContext: parent }),
      startTime: values.time,
      endTime: values.time,
      duration: [0, 0],
      ended: true,
      status: { code: 0 },
      attributes: marks,
      links: [],
      events: [],
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

function metricPoints(series: readonly number[], runId: string, values: RequestValues): ResourceMetrics {
  // The step is not a label: a step would otherwise make a fresh set of series, and cardinality is a knob.
  const dataPoints = series.map((s) => ({
    startTime: values.time,
    endTime: values.time,
    attributes: { 'load.run': runId, series: String(s), gen: values.generation },
    value: 1,
  }));
  return {
    resource,
    scopeMetrics: [
      {
        scope,
        metrics: [
          {
            descriptor: { name: loadMetricName, description: '', unit: '', valueType: ValueType.DOUBLE },
            aggregationTemporality: AggregationTemporality.CUMULATIVE,
            dataPointType: DataPointType.GAUGE,
            dataPoints,
          },
        ],
      },
    ],
  };
}

const serializers = {
  json: { logs: JsonLogsSerializer, traces: JsonTraceSerializer, metrics: JsonMetricsSerializer },
  protobuf: { logs: ProtobufLogsSerializer, traces: ProtobufTraceSerializer, metrics: ProtobufMetricsSerializer },
};

/** The series a worker writes, in chunks of a request's points: each series belongs to one worker. */
function seriesChunks(shape: LoadShape, worker: { index: number; count: number }): number[][] {
  const owned: number[] = [];
  for (let series = worker.index; series < shape.metrics.series; series += worker.count) owned.push(series);
  const chunks: number[][] = [];
  for (let from = 0; from < owned.length; from += shape.metrics.pointsPerRequest)
    chunks.push(owned.slice(from, from + shape.metrics.pointsPerRequest));
  return chunks;
}

/**
 * The bodies of the requests one worker sends in turn, encoded by the OpenTelemetry serializers with the given
 * per-request values. Logs and traces need one request. Metrics need one per chunk of the worker's own series,
 * so no two workers race to write a series out of order.
 */
export function encodeRequests(
  signal: LoadSignal,
  shape: LoadShape,
  mark: StepMark,
  worker: { index: number; count: number },
  encoding: PayloadEncoding,
  values: RequestValues,
): { body: Uint8Array; events: number }[] {
  const marks = { 'load.run': mark.runId, 'load.step': mark.step };
  const serializer = serializers[encoding];
  const encoded = (body: Uint8Array | undefined, events: number) => {
    if (!body) throw new Error(`the OTLP ${encoding} serializer returned nothing for ${events} ${signal}`);
    return { body, events };
  };
  if (signal === 'logs')
    return [encoded(serializer.logs.serializeRequest(logRecords(shape, marks, values)), shape.logs.linesPerRequest)];
  if (signal === 'traces')
    return [encoded(serializer.traces.serializeRequest(spans(shape, marks, values)), shape.traces.spansPerRequest)];
  return seriesChunks(shape, worker).map((chunk) =>
    encoded(serializer.metrics.serializeRequest(metricPoints(chunk, mark.runId, values)), chunk.length),
  );
}

/** The templates one generator worker sends in turn: its requests with placeholders, and where they are. */
export function payloadTemplates(
  signal: LoadSignal,
  shape: LoadShape,
  mark: StepMark,
  worker = { index: 0, count: 1 },
  encoding: PayloadEncoding = 'protobuf',
): PayloadTemplate[] {
  return encodeRequests(signal, shape, mark, worker, encoding, placeholders).map(({ body, events }) => ({
    encoding,
    body,
    slots: findSlots(body, encoding),
    events,
  }));
}

/**
 * The id of a worker's n-th request in one run of the generator, unique over the workers and over the runs:
 * 32 bits of the run's `sendId`, 24 of the worker, 40 of the request. Every step of a load run starts its
 * requests at 0, so without the run's own bits a step would resend the trace ids of the steps before it, and a
 * trace fetched by id could be found whole from an earlier step's copy while this step's was lost. Worker numbers
 * start at 1 in it: the first request's first trace would otherwise have an all-zero trace id, which is no id at
 * all (Tempo refuses the whole batch it came in, a bug the load runs' component logs showed).
 */
export function requestIdOf(sendId: number, workerIndex: number, n: number): bigint {
  return (BigInt(sendId >>> 0) << 64n) | (BigInt(workerIndex + 1) << 40n) | BigInt(n);
}

/** A request id as its payload spells it: 24 hex digits, the first part of each of its trace ids. */
const requestHex = (requestId: bigint): string => requestId.toString(16).padStart(24, '0').slice(-24);

/** The id of the n-th trace of a request (traces templates): so a sample of requests can be fetched from Tempo. */
export function traceIdOf(requestId: bigint, traceIndex: number): string {
  return `${requestHex(requestId)}${hex(traceIndex, 8)}`;
}

/** The churn generation as a series' `gen` label spells it. */
export const generationLabel = (generation: number): string => String(generation).padStart(generationDigits, '0');

/** One request's body: a copy of the template with this request's time, id and series generation written in. */
export function fillPayload(template: PayloadTemplate, requestId: bigint, nowNanos: bigint, generation = 0): Buffer {
  const body = Buffer.from(template.body);
  const id = requestHex(requestId);
  const json = template.encoding === 'json';
  let time: Buffer;
  if (json) time = ascii(nowNanos.toString().padStart(19, '0'));
  else {
    time = Buffer.alloc(8);
    time.writeBigUInt64LE(nowNanos);
  }
  const values: Record<SlotKind, Buffer> = {
    time,
    traceRequest: json ? ascii(id) : Buffer.from(id, 'hex'),
    spanRequest: json ? ascii(id.slice(-12)) : Buffer.from(id.slice(-12), 'hex'),
    requestText: ascii(id),
    generation: ascii(generationLabel(generation)),
  };
  for (const kind of slotKinds) for (const offset of template.slots[kind]) values[kind].copy(body, offset);
  return body;
}
