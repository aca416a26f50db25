/**
 * The benchmark's null sink, a process of its own (npm run bench:generator starts it on a core of its own):
 * OTLP over HTTP (protobuf and JSON) and gRPC, answering every request at once with an empty success, and
 * counting the events each request carries. The parent asks for the counts over IPC; each read starts afresh.
 */
import { createServer } from 'node:http';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { LoadSignal } from './load-profile.ts';
import { countJsonEvents, countProtobufEvents } from './otlp-event-count.ts';

export interface SinkCounts {
  events: number;
  requests: number;
  bytes: number;
}
export type SinkMessage = { ready: { http: number; grpc: number } } | { counts: SinkCounts };

let counts: SinkCounts = { events: 0, requests: 0, bytes: 0 };
const take = (signal: LoadSignal, body: Buffer, json: boolean): void => {
  counts.requests += 1;
  counts.bytes += body.length;
  counts.events += json ? countJsonEvents(signal, body.toString()) : countProtobufEvents(signal, body);
};
const signalOfPath: Record<string, LoadSignal> = {
  '/v1/logs': 'logs',
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
};

const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const json = (req.headers['content-type'] ?? '').includes('json');
    const signal = signalOfPath[req.url ?? ''];
    if (signal) take(signal, Buffer.concat(chunks), json);
    res.writeHead(signal ? 200 : 404, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
    res.end(json ? '{}' : undefined);
  });
});

const grpc = new Server();
const identity = (bytes: Buffer): Buffer => bytes;
const services: [LoadSignal, string][] = [
  ['logs', 'opentelemetry.proto.collector.logs.v1.LogsService'],
  ['traces', 'opentelemetry.proto.collector.trace.v1.TraceService'],
  ['metrics', 'opentelemetry.proto.collector.metrics.v1.MetricsService'],
];
for (const [signal, service] of services) {
  const definition = {
    Export: {
      path: `/${service}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  };
  const implementation: UntypedServiceImplementation = {
    Export: (call: { request: Buffer }, callback: (error: null, response: Buffer) => void) => {
      take(signal, call.request, false);
      callback(null, Buffer.alloc(0));
    },
  };
  grpc.addService(definition, implementation);
}

const send = (message: SinkMessage): void => void process.send?.(message);
const httpPort = await new Promise<number>((resolve) =>
  http.listen(0, '127.0.0.1', () => resolve((http.address() as { port: number }).port)),
);
const grpcPort = await new Promise<number>((resolve, reject) =>
  grpc.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) =>
    error ? reject(error) : resolve(port),
  ),
);
process.on('message', () => {
  send({ counts });
  counts = { events: 0, requests: 0, bytes: 0 };
});
process.on('disconnect', () => process.exit(0));
send({ ready: { http: httpPort, grpc: grpcPort } });
