import type { ExpectedItem } from '../../fixtures/delivery/delivery-case.ts';
import { defineCase } from '../../fixtures/delivery/define-case.ts';
import { containerLogLines, execIn } from '../../fixtures/docker/container-exec.ts';
import { engineHost } from '../../fixtures/docker/engine-host.ts';
import { rfc3339ToUnixNanos } from '../../fixtures/format/rfc3339-nanos.ts';
import type { StoredLogLine } from '../../fixtures/signals/loki-api.ts';
import { pipelineUnderTest } from '../../fixtures/stack/pipeline.ts';
import { budgets } from '../budgets.ts';
import { storedLogLines } from './stored-log-lines.ts';

/** The compose service whose output the case writes: the harness's journal container. */
const service = 'journal';
const levels = ['info', 'warn', 'error'] as const;

export const containerLogsProbe = { lines: 10 };

/**
 * The case's lines in Loki. Only service_name is sure to be an index label: Alloy indexes job and container too,
 * while the collector's lines carry them as structured metadata (Loki's OTLP endpoint indexes the service).
 */
const selectorOf = (marker: string): string => `{service_name="${service}"} | job="containers" |= "${marker}"`;

/** How the pipeline under test reads the engine's logs, for the hop its messages name. */
const containerLogReader =
  pipelineUnderTest() === 'alloy'
    ? 'engine->alloy loki.source.docker'
    : 'engine json-file log->otelcol-containers file_log/containers';

/**
 * Lines a container of the stack writes to its standard output (here through its PID 1's, as a service's own
 * output is), which the engine keeps as the container's log. Each must reach Loki once, at the time the engine
 * gave it (read back with `docker logs --timestamps`), with the labels a person filters on: job="containers",
 * container and service_name (its compose service), host (the engine's), level. All lines are written by one
 * `docker exec`, and each one's clock starts at the engine's time for it: the latency is the pipeline's.
 */
export function containerLogLinesCase(container: string) {
  return defineCase<StoredLogLine>({
    name: 'container-logs',
    signal: 'logs',
    hop: `container stdout->${containerLogReader}->loki`,
    budget: budgets.delivery.containerLogs,
    async items({ runId }) {
      const marker = `${runId}-containers`;
      const host = (await engineHost()).name;
      const startedMs = Date.now() - 1_000;
      const written = Array.from({ length: containerLogsProbe.lines }, (_, i) => {
        const level = levels[i % levels.length] ?? 'info';
        return { line: `level=${level} msg="line ${i} of ${marker}"`, level };
      });
      const writtenAtMs = Date.now();
      await execIn(container, [
        'sh',
        '-c',
        'for line; do printf "%s\\n" "$line" > /proc/1/fd/1; done',
        'sh',
        ...written.map(({ line }) => line),
      ]);
      const times = new Map(
        (await containerLogLines(container, startedMs)).map(({ timestamp, line }) => [
          line,
          rfc3339ToUnixNanos(timestamp),
        ]),
      );
      const items: ExpectedItem[] = written.map(({ line, level }, i) => {
        const timestampNs = times.get(line);
        return {
          key: line,
          label: `line ${i} of ${marker} on ${service}'s output`,
          transport: 'stdout',
          sentAtMs: timestampNs ? Number(BigInt(timestampNs) / 1_000_000n) : writtenAtMs,
          fields: {
            line,
            timestampNs: timestampNs ?? `not in docker logs ${container}`,
            labels: { job: 'containers', container: service, service_name: service, host, level },
          },
        };
      });
      return { runId: marker, items };
    },
    ...storedLogLines(selectorOf),
  });
}
