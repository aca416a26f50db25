import { type ClientHttp2Session, connect, constants as http2 } from 'node:http2';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Pool } from 'undici';
import type { LoadSignal } from './load-profile.ts';
import type { PayloadEncoding } from './otlp-payload-template.ts';

/** How a client sends OTLP, by the names of OTEL_EXPORTER_OTLP_PROTOCOL. */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export const otlpProtocols: readonly OtlpProtocol[] = ['http/protobuf', 'grpc', 'http/json'];

export const encodingOf = (protocol: OtlpProtocol): PayloadEncoding => (protocol === 'http/json' ? 'json' : 'protobuf');

/** A request's answer: accepted or refused, and the status that said so (`200`, `503`, `grpc UNAVAILABLE`). */
export interface OtlpAnswer {
  accepted: boolean;
  status: string;
}

/** Sends encoded OTLP requests of one signal to one endpoint; `send` rejects when no answer came at all. */
export interface OtlpTransport {
  send(body: Uint8Array): Promise<OtlpAnswer>;
  close(): Promise<void>;
}

const grpcServices: Record<LoadSignal, string> = {
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

/** A request that got no answer in this long counts as failed, as an SDK's export timeout would. */
const requestTimeoutMs = 30_000;

/**
 * `endpoint`: the signal's OTLP/HTTP URL (http://host:4318/v1/logs), or for gRPC the receiver's host:port.
 * `connections`: requests in flight at most (HTTP connections; gRPC multiplexes them on one channel).
 */
export function otlpTransport(
  protocol: OtlpProtocol,
  signal: LoadSignal,
  endpoint: string,
  connections: number,
): OtlpTransport {
  if (protocol === 'grpc') return grpcTransport(signal, endpoint);
  const target = new URL(endpoint);
  const pool = new Pool(target.origin, { connections, pipelining: 1, headersTimeout: requestTimeoutMs });
  const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
  return {
    async send(body) {
      const response = await pool.request({
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      await response.body.dump();
      return { accepted: response.statusCode < 300, status: String(response.statusCode) };
    },
    close: () => pool.close(),
  };
}

/**
 * OTLP/gRPC with bodies already encoded: a unary call is one HTTP/2 POST whose body is the protobuf message
 * behind a 5-byte prefix (not compressed, length), answered with `grpc-status` in the trailers (or in the
 * headers, for an answer with no body). Written on node:http2 rather than through a grpc-js Client because
 * grpc-js spends about a millisecond of CPU a call (channel, filters, interceptors: `npm run bench:generator`
 * measured 120,000 log events per CPU-second against 538,000 over HTTP), which would make the generator, not
 * the stack, the limit of every gRPC load step. grpc-js still names the status codes.
 */
function grpcTransport(signal: LoadSignal, endpoint: string): OtlpTransport {
  const path = `/${grpcServices[signal]}/Export`;
  let session: ClientHttp2Session | undefined;
  // One HTTP/2 connection, as an SDK's channel keeps; a new one only once it has gone.
  const live = (): ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    const fresh = connect(`http://${endpoint}`);
    fresh.on('error', () => fresh.destroy());
    session = fresh;
    return fresh;
  };
  return {
    send: (body) =>
      new Promise((resolve, reject) => {
        const framed = Buffer.allocUnsafe(5 + body.byteLength);
        framed[0] = 0;
        framed.writeUInt32BE(body.byteLength, 1);
        framed.set(body, 5);
        const stream = live().request({
          [http2.HTTP2_HEADER_METHOD]: 'POST',
          [http2.HTTP2_HEADER_PATH]: path,
          [http2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
          te: 'trailers',
          'grpc-timeout': `${requestTimeoutMs}m`,
        });
        let grpcCode: string | undefined;
        let httpStatus = 0;
        stream.on('response', (headers) => {
          httpStatus = Number(headers[http2.HTTP2_HEADER_STATUS]);
          grpcCode = (headers['grpc-status'] as string | undefined) ?? grpcCode;
        });
        stream.on('trailers', (trailers) => {
          grpcCode = (trailers['grpc-status'] as string | undefined) ?? grpcCode;
        });
        stream.on('data', () => {});
        // No connection, a reset stream or no answer in time: the receiver said nothing, as with a refused
        // HTTP connection.
        stream.on('error', reject);
        stream.setTimeout(requestTimeoutMs, () => {
          stream.close(http2.NGHTTP2_CANCEL);
          reject(new Error(`no answer from ${endpoint}${path} in ${requestTimeoutMs} ms`));
        });
        stream.on('close', () => {
          if (grpcCode === undefined) {
            reject(new Error(`${endpoint}${path} answered HTTP ${httpStatus} without a grpc-status`));
            return;
          }
          const code = Number(grpcCode);
          resolve({ accepted: code === grpcStatus.OK, status: `grpc ${grpcStatus[code] ?? code}` });
        });
        stream.end(framed);
      }),
    close: async () => {
      if (session && !session.destroyed) await new Promise<void>((done) => session?.close(() => done()));
    },
  };
}
