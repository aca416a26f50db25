import type { EngineHost } from '../../fixtures/docker/engine-host.ts';
import type { Sample } from '../../fixtures/signals/prometheus-api.ts';
import { budgets } from '../budgets.ts';

/** What a host case knows of the machine: the engine's own description, and the stack network's bridge. */
export interface HostFacts extends EngineHost {
  /** The stack network's Linux bridge: a device only the host's own network namespace has. */
  bridgeDevice: string;
}

/**
 * One kind of host series: the query that finds it for this host, and what its answer must say. `check`
 * returns why the answer is wrong (the data it saw), or undefined when it is right.
 */
export interface HostSeriesCase {
  name: string;
  promql: (host: HostFacts) => string;
  check: (samples: readonly Sample[], host: HostFacts) => string | undefined;
}

const onHost = (host: HostFacts, extra = ''): string => `job="host", instance="${host.name}"${extra}`;
const describeSamples = (samples: readonly Sample[]): string =>
  samples.length === 0
    ? 'no series'
    : samples
        .slice(0, 5)
        .map((s) => `${JSON.stringify(s.labels)} ${s.value}`)
        .join('; ');

export const hostSeriesCases: readonly HostSeriesCase[] = [
  {
    name: 'CPU: one idle counter for each of the host’s cores',
    promql: (host) => `count(node_cpu_seconds_total{${onHost(host, ', mode="idle"')}})`,
    check: (samples, host) =>
      samples[0]?.value === host.cpus ? undefined : `${describeSamples(samples)}, the engine reports ${host.cpus}`,
  },
  {
    name: 'memory: the host’s total, as the engine reports it',
    promql: (host) => `node_memory_MemTotal_bytes{${onHost(host)}}`,
    check: (samples, host) =>
      samples.length === 1 && samples[0]?.value === host.memoryBytes
        ? undefined
        : `${describeSamples(samples)}, the engine reports ${host.memoryBytes}`,
  },
  {
    name: 'filesystem: the host’s root, not the container’s mounts',
    promql: (host) => `node_filesystem_size_bytes{${onHost(host)}}`,
    check: (samples) => {
      const mounts = samples.map((s) => s.labels['mountpoint'] ?? '');
      const root = samples.find((s) => s.labels['mountpoint'] === '/');
      const containers = mounts.filter((m) => /^\/(host|stack-volumes|etc\/alloy)(\/|$)/.test(m));
      if (!root || !(root.value > 0)) return `no "/" with a size: ${describeSamples(samples)}`;
      if (containers.length > 0) return `Alloy's container mounts among them: ${containers.join(', ')}`;
      return undefined;
    },
  },
  {
    name: 'network: the host’s devices, the stack network’s bridge among them',
    promql: (host) => `node_network_receive_bytes_total{${onHost(host)}}`,
    check: (samples, host) =>
      samples.some((s) => s.labels['device'] === host.bridgeDevice)
        ? undefined
        : `no device ${host.bridgeDevice} (only the host's namespace has it): ${describeSamples(samples)}`,
  },
  {
    name: 'freshness: the newest sample is one scrape old',
    promql: (host) => `time() - timestamp(node_memory_MemTotal_bytes{${onHost(host)}})`,
    check: (samples) => {
      const ageSeconds = samples[0]?.value;
      if (ageSeconds === undefined) return 'no series';
      return ageSeconds * 1000 <= budgets.host.freshWithinMs
        ? undefined
        : `the newest sample is ${ageSeconds.toFixed(1)} s old (budget ${budgets.host.freshWithinMs / 1000} s)`;
    },
  },
];
