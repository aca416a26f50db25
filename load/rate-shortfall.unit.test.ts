import { describe, expect, it } from 'vitest';
import { rateShortfall } from './rate-shortfall.ts';

describe('rateShortfall', () => {
  it('keeps a step that sent within 2 % of its offered rate', () => {
    expect(rateShortfall(128_000, 126_651)).toBeUndefined();
    expect(rateShortfall(1_000, 999)).toBeUndefined();
  });

  it('breaks a step that sent less, naming both rates and the shortfall', () => {
    expect(rateShortfall(128_000, 116_191)).toBe(
      'offered 128000/s but only 116191/s went out (9.2 % short, tolerance 2 %)',
    );
  });
});
