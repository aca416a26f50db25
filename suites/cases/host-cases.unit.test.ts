import { describe, expect, it } from 'vitest';
import { type HostFacts, hostSeriesCases } from './host-cases.ts';

const host: HostFacts = { name: 'vm', cpus: 2, memoryBytes: 1024, bridgeDevice: 'br-0123456789ab' };
const byName = (prefix: string) => {
  const found = hostSeriesCases.find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`no case ${prefix}`);
  return found;
};

describe('host series cases', () => {
  it("take the container's own view for what it is", () => {
    // What Alloy's exporter reports without the host's /proc/1 and /: the container's eth0 and its own mounts.
    expect(byName('network').check([{ labels: { device: 'eth0' }, value: 10 }], host)).toMatch(
      /no device br-0123456789ab/,
    );
    expect(
      byName('filesystem').check(
        [
          { labels: { mountpoint: '/' }, value: 100 },
          { labels: { mountpoint: '/stack-volumes/loki' }, value: 100 },
        ],
        host,
      ),
    ).toMatch(/Alloy's container mounts among them: \/stack-volumes\/loki/);
  });

  it("accept the host's own", () => {
    expect(byName('network').check([{ labels: { device: 'br-0123456789ab' }, value: 0 }], host)).toBeUndefined();
    expect(byName('CPU').check([{ labels: {}, value: 2 }], host)).toBeUndefined();
    expect(byName('memory').check([{ labels: {}, value: 1024 }], host)).toBeUndefined();
    expect(byName('CPU').check([{ labels: {}, value: 1 }], host)).toMatch(/the engine reports 2/);
  });
});
