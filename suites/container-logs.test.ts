/**
 * The opt-in container logs reach Loki: what the stack's own containers write to their output, read from the
 * engine (stack/compose.containers.yaml: Alloy, through the engine's socket; stack/compose.otelcol-containers.yaml:
 * the collector's own reader, from the engine's log files). Every line once, at the time the engine gave it, with
 * its labels.
 *
 * @covers stack/alloy stack/otelcol stack/loki
 */
import { describe, expect, inject } from 'vitest';
import { containerLogLinesCase } from './cases/container-logs-cases.ts';
import { journalContainerOf } from './cases/journal-cases.ts';
import { withDeliveries } from './harness-test.ts';

// The harness's journal container is the one whose output the case writes to.
const containerLines = containerLogLinesCase(journalContainerOf(inject('stack')));
const test = withDeliveries('container-logs', [containerLines]);

describe('container logs: what the stack’s containers write to their output reaches Loki', () => {
  test('every line a container writes to its output arrives once, with its time, container, host and level', async ({
    deliveries,
  }) => {
    expect(await deliveries.result(containerLines.name)).toHaveNoFailures();
  });
});
