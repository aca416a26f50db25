import { randomBytes } from 'node:crypto';
import type { BadInputCase } from '../../fixtures/bad-input/run-bad-input.ts';
import {
  lokiPush,
  notProtobuf,
  otlpJsonLog,
  otlpJsonTraces,
  otlpProtobufLogBody,
} from '../../fixtures/bad-input/payloads.ts';
import { grpcExportRaw, postRaw } from '../../fixtures/bad-input/raw-senders.ts';
import { remoteWriteBody, remoteWriteHeaders } from '../../fixtures/bad-input/remote-write.ts';
import { tenantHeader } from '../../fixtures/stack/stack-tenant.ts';
import type { StackEndpoints } from '../../fixtures/stack/stack-endpoints.ts';

const MiB = 1024 * 1024;
/** Marks this run's invalid UTF-8 line, so that its lookup finds exactly it. */
const utf8Marker = `utf8-${randomBytes(6).toString('hex')}`;
const yearMs = 365 * 24 * 3600 * 1000;
/** A fresh id of `bytes` bytes in hex: 16 for a trace, 8 for a span. */
const hexId = (bytes: number): string => randomBytes(bytes).toString('hex');
/** The trace of the valid span sent beside an all-zero trace id, and of the span with 10,000 attributes. */
const neighbourTraceId = hexId(16);
const wideTraceId = hexId(16);
/** What OpenTelemetry SDKs keep of a span's attributes by default, and so what Alloy keeps of any client's. */
const spanAttributeLimit = 128;
const json = 'application/json';
const protobuf = 'application/x-protobuf';

/** The metric of the late-sample case, named for this run so that its lookup finds only its own series. */
const lateGauge = `bad_input_late_samples_${randomBytes(4).toString('hex')}`;

/** A direct push to Loki as the stack's tenant, of one stream of its own. */
const pushToLoki = (stack: StackEndpoints, lines: [number, string][], stream = `bad-input-${Date.now()}`) =>
  postRaw(
    `${stack.loki}/loki/api/v1/push`,
    lokiPush({ service_name: 'bad-input', stream }, lines),
    json,
    tenantHeader(stack.tenant),
  );

/** A remote write straight to Prometheus: the harness's overlay publishes it; the shipped stack does not. */
const remoteWrite = (stack: StackEndpoints, body: Buffer) =>
  postRaw(`${stack.prometheus}/api/v1/write`, body, protobuf, remoteWriteHeaders);

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
          // Not the containers' own output (the opt-in log source), where a component may quote the line.
          const logql = `{service_name=~".+", job!="containers"} |= "${utf8Marker}"`;
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
  {
    // Tempo refuses a whole request for one span whose trace id is all zeros ("trace ids must be 128 bit"), and
    // Alloy sends each request as it came: the valid spans beside it would be lost with it. Alloy drops that
    // span alone.
    name: 'a span with an all-zero trace id, beside a valid one',
    entry: 'OTLP/HTTP via Alloy',
    send: (stack) =>
      postRaw(
        `${stack.otlpHttp}/v1/traces`,
        otlpJsonTraces([
          { traceId: '0'.repeat(32), spanId: hexId(8), name: 'all-zero-trace-id' },
          { traceId: neighbourTraceId, spanId: hexId(8), name: 'beside-all-zero-trace-id' },
        ]),
        json,
      ),
    expect: {
      kept: {
        what: `the valid span beside it stored in Tempo (trace ${neighbourTraceId}); the all-zero one dropped`,
        async check(clients) {
          const spans = await clients.tempo.trace(neighbourTraceId);
          if (!spans) return 'not found yet';
          return spans.some((s) => s.name === 'beside-all-zero-trace-id')
            ? undefined
            : `stored as ${JSON.stringify(spans.map((s) => s.name))}`;
        },
      },
    },
    // Alloy 1.11 names it with the collector's dot and unit suffix, so PromQL quotes it.
    counter: {
      name: 'otelcol_processor_filter_spans.filtered_ratio_total',
      promql: 'sum({__name__="otelcol_processor_filter_spans.filtered_ratio_total"})',
    },
  },
  {
    // One span could otherwise cost Tempo megabytes. Alloy cuts every client's spans to the SDKs' default limit.
    name: 'a span with 10,000 attributes',
    entry: 'OTLP/HTTP via Alloy',
    send: (stack) =>
      postRaw(
        `${stack.otlpHttp}/v1/traces`,
        otlpJsonTraces([
          {
            traceId: wideTraceId,
            spanId: hexId(8),
            name: 'ten-thousand-attributes',
            attributes: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`attr.${i}`, `value-${i}`])),
          },
        ]),
        json,
      ),
    expect: {
      kept: {
        what: `stored in Tempo (trace ${wideTraceId}) with ${spanAttributeLimit} of its 10,000 attributes`,
        async check(clients) {
          const spans = await clients.tempo.trace(wideTraceId);
          const span = spans?.find((s) => s.name === 'ten-thousand-attributes');
          if (!span) return 'not found yet';
          const kept = Object.keys(span.attributes).length;
          return kept === spanAttributeLimit ? undefined : `stored with ${kept} attributes`;
        },
      },
    },
  },
  {
    name: 'bytes that are not snappy',
    entry: 'Prometheus remote write',
    send: (stack) => remoteWrite(stack, notProtobuf),
    expect: { refused: { status: /^HTTP 400$/, says: /snappy|corrupt|decode/i } },
    counter: {
      name: 'prometheus_http_requests_total{handler="/api/v1/write",code="400"}',
      promql: 'sum(prometheus_http_requests_total{handler="/api/v1/write",code="400"})',
    },
  },
  {
    // A pipeline that retries a batch, or two senders of one series (two OTLP clients' shared target_info, which
    // Alloy stamps with its own clock), deliver points older than the series' newest. Without an out-of-order
    // window Prometheus refuses such a point and the whole request it came in, and the sender drops the request:
    // a load run lost 2,000 points at a time this way. (Alloy's OTLP-to-Prometheus converter itself drops an OTLP
    // point older than its series' newest, uncounted, before it gets here.)
    name: "a sample 30 s older than its series' newest, beside a new series",
    entry: 'Prometheus remote write',
    async send(stack) {
      const now = Date.now();
      const series = (name: string, atMs: number, value: number) => ({
        labels: { __name__: lateGauge, job: 'bad-input', series: name },
        samples: [[atMs, value]] as [number, number][],
      });
      const first = await remoteWrite(stack, remoteWriteBody([series('late', now, 1)]));
      if (!first.accepted) return { ...first, says: `the first, in-order sample was refused: ${first.says}` };
      return remoteWrite(stack, remoteWriteBody([series('late', now - 30_000, 2), series('beside', now - 30_000, 3)]));
    },
    expect: {
      kept: {
        what: `both samples of ${lateGauge}{series="late"}, and the one of {series="beside"} sent with the late one`,
        async check(clients) {
          const counts = await clients.prometheus.query(`count_over_time(${lateGauge}[5m])`);
          const of = (series: string): number => counts.find((c) => c.labels['series'] === series)?.value ?? 0;
          if (of('late') === 2 && of('beside') === 1) return undefined;
          return `stored: series="late" ${of('late')} of 2 samples, series="beside" ${of('beside')} of 1`;
        },
      },
    },
    counter: {
      name: 'prometheus_tsdb_head_out_of_order_samples_appended_total',
      promql: 'sum(prometheus_tsdb_head_out_of_order_samples_appended_total)',
    },
  },
  {
    name: 'a sample a year old',
    entry: 'Prometheus remote write',
    send: (stack) =>
      remoteWrite(
        stack,
        remoteWriteBody([
          { labels: { __name__: 'bad_input_year_old', job: 'bad-input' }, samples: [[Date.now() - yearMs, 1]] },
        ]),
      ),
    expect: { refused: { status: /^HTTP 400$/, says: /out of bounds|too old/i } },
    // With an out-of-order window (prometheus.yml), Prometheus counts a point older than it as too old.
    counter: {
      name: 'prometheus_tsdb_too_old_samples_total',
      promql: 'sum(prometheus_tsdb_too_old_samples_total)',
    },
  },
];
