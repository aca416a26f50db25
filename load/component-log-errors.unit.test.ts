import { describe, expect, it } from 'vitest';
import { summarizeComplaints } from './component-log-errors.ts';

describe('component log complaints', () => {
  it('groups repeats that differ only in time, ids and counts, most frequent first', () => {
    const lines = [
      'ts=2026-11-21T07:00:01Z level=error msg="Exporting failed" error="rpc error: code = ResourceExhausted desc = 12 traces over limit" trace=0123456789abcdef0123',
      'ts=2026-11-21T07:00:02Z level=error msg="Exporting failed" error="rpc error: code = ResourceExhausted desc = 40 traces over limit" trace=fedcba9876543210fedc',
      'ts=2026-11-21T07:00:03Z level=info msg="all is well"',
      '{"level":"warn","ts":"2026-11-21T07:00:04Z","msg":"queue is filling"}',
    ];
    expect(summarizeComplaints(lines)).toEqual([`2x ${lines[0]}`, `1x ${lines[3]}`]);
  });

  it('keeps the list short and each line bounded', () => {
    const lines = Array.from(
      { length: 10 },
      (_, i) => `level=warn msg="problem ${'abcdefghij'[i]}" ${'x'.repeat(500)}`,
    );
    const summary = summarizeComplaints(lines, 3);
    expect(summary).toHaveLength(3);
    expect(summary[0]?.length).toBeLessThan(410);
  });
});
