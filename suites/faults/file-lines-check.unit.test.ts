import { describe, expect, it } from 'vitest';
import { positionOf } from './file-lines-check.ts';

const positions = `positions:
  ? path: /var/log/files/a/app.log
    labels: '{host="vm", job="files", service_name="a"}'
  : "17"
  ? path: /var/log/files/b/app.log
    labels: '{host="vm", job="files", service_name="b"}'
  : "2048"
`;

describe("Alloy's positions file", () => {
  it('gives the offset saved for each file', () => {
    expect(positionOf(positions, '/var/log/files/a/app.log')).toBe(17);
    expect(positionOf(positions, '/var/log/files/b/app.log')).toBe(2048);
  });

  it('has none for a file not saved yet, nor for one whose name only starts the same', () => {
    expect(positionOf(positions, '/var/log/files/c/app.log')).toBeUndefined();
    expect(positionOf(positions, '/var/log/files/a/app')).toBeUndefined();
    expect(positionOf('positions: {}\n', '/var/log/files/a/app.log')).toBeUndefined();
  });
});
