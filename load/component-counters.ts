import type { LoadSignal } from './load-profile.ts';
import { loadMetricName } from './otlp-payload-template.ts';

/**
 * What the load asks of each component's own metrics (all scraped by the stack's Prometheus), per signal.
 * `window` is a PromQL range such as `[15s]`.
 */

/** Events each component took in, per second. */
export function ingestionQueries(signal: LoadSignal, window: string): Record<string, string> {
  if (signal === 'logs') {
    return {
      'alloy accepted': `sum(rate(otelcol_receiver_accepted_log_records_total${window}))`,
      'loki received': `sum(rate(loki_distributor_lines_received_total${window}))`,
    };
  }
  if (signal === 'traces') {
    return {
      'alloy accepted': `sum(rate(otelcol_receiver_accepted_spans_total${window}))`,
      'tempo received': `sum(rate(tempo_distributor_spans_received_total${window}))`,
    };
  }
  return {
    'alloy accepted': `sum(rate(otelcol_receiver_accepted_metric_points_total${window}))`,
    'alloy remote_write sent': `sum(rate(prometheus_remote_storage_samples_total{job="alloy"}${window}))`,
    'prometheus appended': `sum(rate(prometheus_tsdb_head_samples_appended_total{job="prometheus"}${window}))`,
  };
}

/** Events each component refused or dropped (an increase over the window); `reason` labels are kept apart. */
export function rejectionQueries(signal: LoadSignal, window: string): Record<string, string> {
  if (signal === 'logs') {
    return {
      'alloy refused': `sum(increase(otelcol_receiver_refused_log_records_total${window}))`,
      'alloy export failed': `sum(increase(otelcol_exporter_send_failed_log_records_total${window}))`,
      'loki discarded': `sum by (reason) (increase(loki_discarded_samples_total${window}))`,
    };
  }
  if (signal === 'traces') {
    return {
      'alloy refused': `sum(increase(otelcol_receiver_refused_spans_total${window}))`,
      'alloy export failed': `sum(increase(otelcol_exporter_send_failed_spans_total${window}))`,
      'tempo discarded': `sum by (reason) (increase(tempo_discarded_spans_total${window}))`,
    };
  }
  return {
    'alloy refused': `sum(increase(otelcol_receiver_refused_metric_points_total${window}))`,
    'alloy remote_write failed': `sum(increase(prometheus_remote_storage_samples_failed_total{job="alloy"}${window}))`,
    'alloy remote_write dropped': `sum(increase(prometheus_remote_storage_samples_dropped_total{job="alloy"}${window}))`,
    'prometheus out of order': `sum(increase(prometheus_tsdb_out_of_order_samples_total{job="prometheus"}${window}))`,
    'prometheus out of bounds': `sum(increase(prometheus_tsdb_out_of_bound_samples_total{job="prometheus"}${window}))`,
    'prometheus too old': `sum(increase(prometheus_tsdb_too_old_samples_total{job="prometheus"}${window}))`,
  };
}

/** Prometheus's active series at their peak in the window: what metric cardinality and churn cost. */
export const activeSeriesQuery = (window: string): string => `max(max_over_time(prometheus_tsdb_head_series{job="prometheus"}${window}))`;

/** Load metric points and distinct series Prometheus holds from one run, within a window ending at the query's time. */
export const storedPointsQuery = (runId: string, window: string): string => `sum(count_over_time(${loadMetricName}{load_run="${runId}"}${window}))`;
export const storedSeriesQuery = (runId: string, window: string): string => `count(count_over_time(${loadMetricName}{load_run="${runId}"}${window}))`;

/** Load log lines of one step Loki holds. */
export const storedLinesQuery = (runId: string, step: string): string => `sum(count_over_time({service_name="load-generator"} | load_run="${runId}" | load_step="${step}" [30m]))`;
