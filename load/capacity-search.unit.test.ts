import { describe, expect, it } from 'vitest';
import { bisectRate, kneeOf } from './capacity-search.ts';

describe('capacity search', () => {
  it('bisects geometrically between the last good and the first broken rate', () => {
    expect(bisectRate(4000, 16000)).toBe(8000);
    expect(bisectRate(undefined, 1000)).toBe(500);
  });

  it('puts the knee at the highest rate below the first broken one', () => {
    expect(
      kneeOf([
        { eventsPerSecond: 1000, kept: true },
        { eventsPerSecond: 16000, kept: false },
        { eventsPerSecond: 4000, kept: true },
        { eventsPerSecond: 8000, kept: false },
      ]),
    ).toBe(4000);
    expect(kneeOf([{ eventsPerSecond: 1000, kept: false }])).toBeUndefined();
  });

  it('does not count a lucky good rate above a broken one', () => {
    expect(
      kneeOf([
        { eventsPerSecond: 1000, kept: true },
        { eventsPerSecond: 2000, kept: false },
        { eventsPerSecond: 3000, kept: true },
      ]),
    ).toBe(1000);
  });
});
