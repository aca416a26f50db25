import { randomBytes } from 'node:crypto';
import type { BadInputCase } from '../../fixtures/bad-input/run-bad-input.ts';
import { lokiPush, notProtobuf, otlpJsonLog, otlpProtobufLogBody } from '../../fixtures/bad-input/payloads.ts';
import { grpcExportRaw, postRaw } from '../../fixtures/bad-input/raw-senders.ts';
import { tenantHeader } from '../../fixtures/stack/stack-tenant.ts';
import type { StackEndpoints } from '../../fixtures/stack/stack-endpoints.ts';

const MiB = 1024 * 1024;
/** Marks this run's invalid UTF-8 line, so that its lookup finds exactly it. */
const utf8Marker = `utf8-${randomBytes(6).toString('hex')}`;
const yearMs = 365 * 24 * 3600 * 1000;
const json = 'application/json';
const protobuf = 'application/x-protobuf';

/** A direct push to Loki as the stack's tenant, of one stream of its own. */
const pushToLoki = (stack: StackEndpoints, lines: [number, string][], stream = `bad-input-${Date.now()}`) =>
  postRaw(
    `${stack.loki}/loki/api/v1/push`,
    lokiPush({ service_name: 'bad-input', stream }, lines),
    json,
    tenantHeader(stack.tenant),
  );

/** Loki's own count of refused lines, for one reason. */
const lokiDiscarded = (reason: string) => ({
  name: `loki_discarded_samples_total{reason="${reason}"}`,
  promql: `sum(loki_discarded_samples_total{reason="${reason}"})`,
});

export const badInputCases: readonly BadInputCase[] = [
  {
    name: 'an OTLP/HTTP body over the 20 MiB limit',
    entry: 'OTLP/HTTP via Alloy',
    send: (stack) => postRaw(`${stack.otlpHttp}/v1/logs`, otlpJsonLog('x'.repeat(21 * MiB)), json),
    expect: { refused: { status: /^HTTP 4\d\d$/, says: /too large|exceed|limit/i } },
  },
  {
    name: 'an OTLP/gRPC message over the 4 MiB limit',
    entry: 'OTLP/gRPC via Alloy',
    send: (stack) => grpcExportRaw(stack.otlpGrpc, 'logs', Buffer.alloc(5 * MiB, 0x41)),
    expect: { refused: { status: /^gRPC RESOURCE_EXHAUSTED$/, says: /larger than max/i } },
  },
  {
    name: 'bytes that are not protobuf',
    entry: 'OTLP/HTTP via Alloy',
    send: (stack) => postRaw(`${stack.otlpHttp}/v1/logs`, notProtobuf, protobuf),
    expect: { refused: { status: /^HTTP 400$/, says: /proto|unmarshal|parse|invalid/i } },
  },
  {
    name: 'JSON cut off in the middle',
    entry: 'OTLP/HTTP via Alloy',
    send: (stack) => postRaw(`${stack.otlpHttp}/v1/logs`, otlpJsonLog('cut').slice(0, 40), json),
    expect: { refused: { status: /^HTTP 400$/, says: /json|unexpected|EOF|parse/i } },
  },
  {
    // Neither Alloy nor Loki refuses it: Alloy passes the bytes on, and Loki replaces the invalid one with U+FFFD.
    // The line is kept whole but for that byte, which is the promise here.
    name: 'a log body that is not UTF-8',
    entry: 'OTLP/HTTP via Alloy',
    send: (stack) =>
      postRaw(
        `${stack.otlpHttp}/v1/logs`,
        otlpProtobufLogBody(Buffer.concat([Buffer.from(`${utf8Marker} b`), Buffer.from([0xff]), Buffer.from('a')])),
        protobuf,
      ),
    expect: {
      kept: {
        what: `Loki holds "${utf8Marker} b\uFFFDa": the invalid byte replaced, the rest as sent`,
        async check(clients) {
          const now = Date.now();
          const logql = `{service_name=~".+"} |= "${utf8Marker}"`;
          const lines = await clients.loki.queryRange(logql, now - 300_000, now + 1_000);
          if (lines.length === 0) return 'not found yet';
          return lines.some((l) => l.line === `${utf8Marker} b\uFFFDa`)
            ? undefined
            : `stored as ${JSON.stringify(lines.map((l) => l.line))}`;
        },
      },
    },
  },
  {
    name: 'a line a year old',
    entry: 'Loki push',
    send: (stack) => pushToLoki(stack, [[Date.now() - yearMs, 'from a year ago']]),
    expect: { refused: { status: /^HTTP 400$/, says: /too old|older than|max_sample_age|reject/i } },
    counter: lokiDiscarded('greater_than_max_sample_age'),
  },
  {
    name: 'a line a year in the future',
    entry: 'Loki push',
    send: (stack) => pushToLoki(stack, [[Date.now() + yearMs, 'from next year']]),
    expect: { refused: { status: /^HTTP 400$/, says: /too new|future/i } },
    counter: lokiDiscarded('too_far_in_future'),
  },
  {
    name: 'a 1 MB log line',
    entry: 'Loki push',
    send: (stack) => pushToLoki(stack, [[Date.now(), 'y'.repeat(1_000_000)]]),
    expect: { refused: { status: /^HTTP 400$/, says: /max entry size .* exceeded|line too long/i } },
    counter: lokiDiscarded('line_too_long'),
  },
  {
    name: "a line 3 hours behind its stream's newest, past Loki's out-of-order window",
    entry: 'Loki push',
    async send(stack) {
      const stream = `bad-input-order-${Date.now()}`;
      const now = Date.now();
      const first = await pushToLoki(stack, [[now, 'the newest line']], stream);
      if (!first.accepted) return { ...first, says: `the first, in-order line was refused: ${first.says}` };
      return pushToLoki(stack, [[now - 3 * 3600 * 1000, 'three hours late']], stream);
    },
    expect: { refused: { status: /^HTTP 400$/, says: /too far behind|out of order/i } },
    counter: lokiDiscarded('too_far_behind'),
  },
];
