import { describe, expect, it } from 'vitest';
import { parseVolumes } from './volume-sizes.ts';

describe('parseVolumes', () => {
  it("keeps the project's volumes by their compose names, sizes in bytes", () => {
    const json = JSON.stringify([
      {
        Name: 'obs-a_loki-data',
        Labels:
          'com.docker.compose.project=obs-a,com.docker.compose.version=2.26.1,com.docker.compose.volume=loki-data',
        Size: '12.5MB',
      },
      {
        Name: 'obs-b_loki-data',
        Labels: 'com.docker.compose.project=obs-b,com.docker.compose.volume=loki-data',
        Size: '1MB',
      },
      { Name: 'anonymous', Labels: '', Size: '3kB' },
    ]);
    expect(parseVolumes(json, 'obs-a', 7)).toEqual([{ atMs: 7, volume: 'loki-data', bytes: 12.5e6 }]);
  });
});
