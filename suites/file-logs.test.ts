/**
 * Logs that services write to files reach Loki through the pipeline's file tailer (Alloy's, or the collector's
 * in the otelcol variant): every line once, at the time it states, with its labels, a rotation in the middle
 * included. (The journal is journal.test.ts's.)
 *
 * @covers stack/alloy stack/loki
 */
import { describe, expect, inject } from 'vitest';
import { fileLogLines } from './cases/file-logs-cases.ts';
import { withDeliveries } from './harness-test.ts';

const fileLines = fileLogLines(inject('stack').logFilesDir);
const test = withDeliveries('file-logs', [fileLines]);

describe('file logs: lines appended to log files reach Loki', () => {
  test('every line of a file rotated in the middle arrives once, with its time, service, file, host and level', async ({
    deliveries,
  }) => {
    expect(await deliveries.result(fileLines.name)).toHaveNoFailures();
  });
});
