/**
 * The store setting behind each reason Loki and Tempo give for discarding (the `reason` label of
 * loki_discarded_samples_total and tempo_discarded_spans_total): a step broken by one of these met a limit
 * the stack sets, not the machine, and the report names the setting that moves it.
 */
const settingsByReason: Record<string, string> = {
  'loki discarded (rate_limited)':
    'limits_config.ingestion_rate_mb and ingestion_burst_size_mb in stack/loki/loki.yaml',
  'loki discarded (per_stream_rate_limit)':
    'limits_config.per_stream_rate_limit and per_stream_rate_limit_burst in stack/loki/loki.yaml',
  'loki discarded (stream_limit)': 'limits_config.max_global_streams_per_user in stack/loki/loki.yaml',
  'loki discarded (line_too_long)': 'limits_config.max_line_size in stack/loki/loki.yaml',
  'tempo discarded (live_traces_exceeded)':
    'overrides.defaults.ingestion.max_traces_per_user in stack/tempo/tempo.yaml',
  'tempo discarded (rate_limited)':
    'overrides.defaults.ingestion.rate_limit_bytes and burst_size_bytes in stack/tempo/tempo.yaml',
  'tempo discarded (trace_too_large)': 'overrides.defaults.global.max_bytes_per_trace in stack/tempo/tempo.yaml',
};

/** `loki discarded (rate_limited) 1000 events`, with the limit that refused them when it is one the stack sets. */
export function describeRejection(counter: string, events: number): string {
  const setting = settingsByReason[counter];
  return setting ? `${counter} ${events} events (a limit: ${setting})` : `${counter} ${events} events`;
}
