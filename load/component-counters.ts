import type { Pipeline } from '../fixtures/stack/pipeline.ts';
import type { LoadSignal } from './load-profile.ts';
import { loadMetricName } from './otlp-payload-template.ts';

/**
 * What the load asks of each component's own metrics (all scraped by the stack's Prometheus), per signal.
 * Counters are read at a step's start and end and subtracted, not taken through increase(): several of them
 * (send failures, discards) only come into being with their first event, and increase() over a window in which
 * a series appears counts that first burst as zero.
 */

/**
 * How the pipeline's metrics leave it for Prometheus: Alloy's prometheus.remote_write counts as Prometheus's own
 * remote storage does; the collector's remote-write exporter as its other exporters do (otelcol_exporter_*).
 */
function remoteWriteCounters(pipeline: Pipeline): { sent: string; failed: Record<string, string> } {
  if (pipeline === 'alloy')
    return {
      sent: `sum(prometheus_remote_storage_samples_total{job="alloy"})`,
      failed: {
        'alloy remote_write failed': `sum(prometheus_remote_storage_samples_failed_total{job="alloy"})`,
        'alloy remote_write dropped': `sum(prometheus_remote_storage_samples_dropped_total{job="alloy"})`,
      },
    };
  return {
    sent: `sum(otelcol_exporter_sent_metric_points_total{job="alloy"})`,
    failed: {
      [`${pipeline} remote_write failed`]: `sum(otelcol_exporter_send_failed_metric_points_total{job="alloy"})`,
      [`${pipeline} remote_write not queued`]: `sum(otelcol_exporter_enqueue_failed_metric_points_total{job="alloy"})`,
    },
  };
}

/**
 * Events each component took in (counters). The pipeline's receivers count as otelcol_receiver_* in Alloy and
 * the collector alike; Prometheus's `alloy` job scrapes whichever runs (the collector answers as alloy).
 */
export function ingestionCounters(signal: LoadSignal, pipeline: Pipeline): Record<string, string> {
  if (signal === 'logs') {
    return {
      [`${pipeline} accepted`]: `sum(otelcol_receiver_accepted_log_records_total)`,
      'loki received': `sum(loki_distributor_lines_received_total)`,
    };
  }
  if (signal === 'traces') {
    return {
      [`${pipeline} accepted`]: `sum(otelcol_receiver_accepted_spans_total)`,
      'tempo received': `sum(tempo_distributor_spans_received_total)`,
    };
  }
  return {
    [`${pipeline} accepted`]: `sum(otelcol_receiver_accepted_metric_points_total)`,
    [`${pipeline} remote_write sent`]: remoteWriteCounters(pipeline).sent,
    'prometheus appended': `sum(prometheus_tsdb_head_samples_appended_total{job="prometheus"})`,
  };
}

/** Events each component refused or dropped (counters); `reason` labels are kept apart. */
export function rejectionCounters(signal: LoadSignal, pipeline: Pipeline): Record<string, string> {
  if (signal === 'logs') {
    return {
      [`${pipeline} refused`]: `sum(otelcol_receiver_refused_log_records_total)`,
      [`${pipeline} export failed`]: `sum(otelcol_exporter_send_failed_log_records_total)`,
      'loki discarded': `sum by (reason) (loki_discarded_samples_total)`,
    };
  }
  if (signal === 'traces') {
    return {
      [`${pipeline} refused`]: `sum(otelcol_receiver_refused_spans_total)`,
      [`${pipeline} export failed`]: `sum(otelcol_exporter_send_failed_spans_total)`,
      'tempo discarded': `sum by (reason) (tempo_discarded_spans_total)`,
    };
  }
  return {
    [`${pipeline} refused`]: `sum(otelcol_receiver_refused_metric_points_total)`,
    ...remoteWriteCounters(pipeline).failed,
    'prometheus out of order': `sum(prometheus_tsdb_out_of_order_samples_total{job="prometheus"})`,
    'prometheus out of bounds': `sum(prometheus_tsdb_out_of_bound_samples_total{job="prometheus"})`,
    'prometheus too old': `sum(prometheus_tsdb_too_old_samples_total{job="prometheus"})`,
  };
}

/** Prometheus's active series at their peak in the window: what metric cardinality and churn cost. */
export const activeSeriesQuery = (window: string): string =>
  `max(max_over_time(prometheus_tsdb_head_series{job="prometheus"}${window}))`;

/** Load metric points and distinct series Prometheus holds from one run, within a window ending at the query's time. */
export const storedPointsQuery = (runId: string, window: string): string =>
  `sum(count_over_time(${loadMetricName}{load_run="${runId}"}${window}))`;
export const storedSeriesQuery = (runId: string, window: string): string =>
  `count(count_over_time(${loadMetricName}{load_run="${runId}"}${window}))`;

/** Load log lines of one step Loki holds. */
export const storedLinesQuery = (runId: string, step: string): string =>
  `sum(count_over_time({service_name="load-generator"} | load_run="${runId}" | load_step="${step}" [30m]))`;

export interface CounterSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * How much each labelled series of a summed counter grew between two readings. A series absent before counts
 * from zero (it was created by the events being counted); one that went down was reset, so its new value counts.
 */
export function increaseBetween(
  before: readonly CounterSample[],
  after: readonly CounterSample[],
): { labels: Record<string, string>; increase: number }[] {
  const key = (labels: Record<string, string>): string => JSON.stringify(Object.entries(labels).sort());
  const earlier = new Map(before.map((s) => [key(s.labels), s.value]));
  return after.map((s) => {
    const start = earlier.get(key(s.labels)) ?? 0;
    return { labels: s.labels, increase: s.value >= start ? s.value - start : s.value };
  });
}
