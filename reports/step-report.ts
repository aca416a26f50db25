/**
 * One measured step as the load report states it. Declared here, apart from load/'s own step result, so that the
 * reports depend on nothing in load/: load/to-load-report.ts maps its results into this shape in one place.
 */
export interface StepReport {
  /** The step's label, e.g. `logs-2` or `logs-bisect1`. */
  step: string;
  startedAtMs: number;
  endedAtMs: number;
  /** When the generator stopped sending (the step goes on measuring); absent in reports written before. */
  generatorEndedAtMs?: number;
  generator: GeneratorFigures;
  /**
   * Probe items sent beside the load, one a second: their emit-to-queryable latency and loss, and when the last
   * of them arrived (absent in reports written before): after a spike, when its backlog had drained.
   */
  probes: {
    sent: number;
    received: number;
    missing: number;
    latency: LatencyFigures;
    lastArrivedAtMs?: number;
    /**
     * The slowest probe's latency and how much of it the store's answer to the query that found it took (absent
     * in reports written before): a spike the query explains is the store answering slowly, not delivery.
     */
    slowest?: { latencyMs: number; queryMs: number };
  };
  /** Events of this step the store holds (log lines in Loki, metric points in Prometheus): exact loss. */
  storedEvents: number | undefined;
  /** Distinct metric series of this step Prometheus holds (metrics only). */
  storedSeries: number | undefined;
  /** Prometheus's active series at their peak during the step (metrics only). */
  activeSeries: number | undefined;
  /** Traces of a sample of accepted requests fetched from Tempo by id (traces only): whole, or how short. */
  sampledTraces: SampledTraces | undefined;
  /** Events per second each component took in during the step, from its own metrics. */
  ingestionPerSecond: Record<string, number>;
  /** What each component refused or dropped during the step, from its own metrics. */
  componentRejections: Record<string, number>;
  peakMemoryBytes: Record<string, number>;
  /** Mean CPU per component while the generator ran, % of one core (the engine's figures). */
  meanCpuPercent: Record<string, number>;
  /** The promises the step broke, one reason each; empty when it kept them all. */
  broken: string[];
  /** For a broken step: what the components logged as warnings or errors meanwhile, per component. */
  complaints: Record<string, string[]>;
}

/** A sample of a step's traces, each fetched by id: how many came back whole (every span the request sent). */
export interface SampledTraces {
  traces: number;
  whole: number;
  spansExpected: number;
  spansFound: number;
  /** Ids of the traces that were missing or short, a few. */
  shortIds: string[];
}

/** What the load generator offered, sent and got back during a step. */
export interface GeneratorFigures {
  offeredEventsPerSecond: number;
  /** Below the offered rate means the generator fell behind. */
  achievedEventsPerSecond: number;
  /** Requests per second that got an answer. */
  answeredRequestsPerSecond: number;
  sentEvents: number;
  acceptedEvents: number;
  /** Answered with an HTTP error (the receiver pushed back). */
  rejectedEvents: number;
  /** Never answered (refused connection, timeout). */
  failedEvents: number;
  statuses: Record<string, number>;
  /** Distinct metric series written; 0 for logs and traces. */
  seriesWritten: number;
  workers: number;
  /** CPU the load process used meanwhile, % of one core: it shares the host with the stack. */
  cpuPercent: number;
  elapsedMs: number;
}

/** Latency percentiles of the probes; NaN when no probe arrived. */
export interface LatencyFigures {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}
