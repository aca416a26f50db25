import type { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { type CounterSample, increaseBetween } from './component-counters.ts';

/**
 * The stores' own housekeeping, by their counters (all scraped by the stack's Prometheus): what a soak has to
 * cross to say anything about the stack's long run. Loki flushes a chunk when it is full, idle (5 minutes in this
 * stack) or old; Tempo flushes a block once cut (every 5 minutes here); Prometheus compacts its head into a block
 * once it spans one and a half block ranges (3 hours by default), which a 30-minute soak does not reach.
 */
export const storeCycleCounters: Record<string, string> = {
  'loki chunks flushed': 'sum(loki_ingester_chunks_flushed_total)',
  'tempo blocks flushed': 'sum(tempo_ingester_blocks_flushed_total)',
  'prometheus compactions': 'sum(prometheus_tsdb_compactions_total{job="prometheus"})',
};

export type StoreCycleReading = Record<string, CounterSample[]>;

/** Every counter as it stands now; one not yet created reads as none. */
export async function readStoreCycles(prometheus: PrometheusApi): Promise<StoreCycleReading> {
  const reading: StoreCycleReading = {};
  for (const [name, promql] of Object.entries(storeCycleCounters)) reading[name] = await prometheus.query(promql);
  return reading;
}

/** How many of each happened between two readings. */
export function storeCyclesBetween(before: StoreCycleReading, after: StoreCycleReading): Record<string, number> {
  return Object.fromEntries(
    Object.keys(storeCycleCounters).map((name) => [
      name,
      Math.round(increaseBetween(before[name] ?? [], after[name] ?? []).reduce((sum, g) => sum + g.increase, 0)),
    ]),
  );
}
