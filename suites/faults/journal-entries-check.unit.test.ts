import { describe, expect, it } from 'vitest';
import { savedCursorOf } from './journal-entries-check.ts';

describe('savedCursorOf', () => {
  it("reads the journal cursor from Alloy's positions file", () => {
    const cursor = 's=1a2b;i=3c;b=4d5e;m=6f;t=60a1b2c3d4e5f;x=789abc';
    expect(savedCursorOf(`positions:\n  journal-loki.source.journal.host: ${cursor}\n`)).toBe(cursor);
  });

  it('finds none in a file that holds no cursor yet', () => {
    expect(savedCursorOf('positions: {}\n')).toBeUndefined();
  });
});
