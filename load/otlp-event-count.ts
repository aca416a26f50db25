import protobuf from 'protobufjs/minimal.js';
import type { LoadSignal } from './load-profile.ts';

/**
 * Where the events of an OTLP export request are, as field numbers from the request down (the OTLP protos):
 * logs   ExportLogsServiceRequest.resource_logs(1) > ResourceLogs.scope_logs(2) > ScopeLogs.log_records(2)
 * traces ExportTraceServiceRequest.resource_spans(1) > scope_spans(2) > spans(2)
 * metrics ExportMetricsServiceRequest.resource_metrics(1) > scope_metrics(2) > metrics(2)
 *        > Metric.gauge(5) | sum(7) | histogram(9) | exponential_histogram(10) | summary(11) > data_points(1)
 */
const eventPaths: Record<LoadSignal, readonly (readonly number[])[]> = {
  logs: [[1], [2], [2]],
  traces: [[1], [2], [2]],
  metrics: [[1], [2], [2], [5, 7, 9, 10, 11], [1]],
};

const lengthDelimited = 2;

function countAlong(bytes: Uint8Array, path: readonly (readonly number[])[]): number {
  const [fields, ...rest] = path;
  if (!fields) return 1;
  const reader = protobuf.Reader.create(bytes);
  let count = 0;
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (wireType === lengthDelimited && fields.includes(field)) {
      const nested = reader.bytes();
      count += rest.length === 0 ? 1 : countAlong(nested, rest);
    } else reader.skipType(wireType);
  }
  return count;
}

/**
 * The log records, spans or metric points an OTLP protobuf request carries, read off the wire without decoding
 * the rest: a sink that counts every request must not be the slowest part of a benchmark.
 */
export const countProtobufEvents = (signal: LoadSignal, body: Uint8Array): number =>
  countAlong(body, eventPaths[signal]);

/** The same count for an OTLP/JSON request. */
export function countJsonEvents(signal: LoadSignal, body: string): number {
  const request = JSON.parse(body) as Record<string, { [k: string]: { [k: string]: unknown[] }[] }[]>;
  const [resources, scopes, items] = {
    logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
    traces: ['resourceSpans', 'scopeSpans', 'spans'],
    metrics: ['resourceMetrics', 'scopeMetrics', 'metrics'],
  }[signal] as [string, string, string];
  let count = 0;
  for (const resource of request[resources] ?? [])
    for (const scope of (resource[scopes] ?? []) as { [k: string]: unknown[] }[])
      for (const item of scope[items] ?? []) {
        if (signal !== 'metrics') count += 1;
        else
          for (const data of Object.values(item as Record<string, { dataPoints?: unknown[] }>))
            count += typeof data === 'object' && data !== null ? (data.dataPoints?.length ?? 0) : 0;
      }
  return count;
}
