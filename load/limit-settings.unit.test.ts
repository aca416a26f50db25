import { describe, expect, it } from 'vitest';
import { describeRejection } from './limit-settings.ts';

describe('rejections and the limits behind them', () => {
  it('names the setting that moves a limit the stack sets', () => {
    expect(describeRejection('loki discarded (rate_limited)', 1000)).toBe(
      'loki discarded (rate_limited) 1000 events (a limit: limits_config.ingestion_rate_mb and ingestion_burst_size_mb in stack/loki/loki.yaml)',
    );
    expect(describeRejection('tempo discarded (live_traces_exceeded)', 5)).toMatch(/max_traces_per_user/);
  });

  it('says only the count for what no setting moves', () => {
    expect(describeRejection('prometheus out of order', 2)).toBe('prometheus out of order 2 events');
  });
});
