/**
 * Every time allowance and latency budget of the conformance suites, in one place.
 * A budget is a promise the stack makes; a missed one fails its suite and is reported, never loosened to pass.
 */
export const budgets = {
  health: {
    /** A component's own readiness endpoint answers once compose reports it healthy. */
    readyWithinMs: 10_000,
    /** Prometheus scrapes every 5 s: every target up within a few scrape intervals of all-healthy. */
    targetsUpWithinMs: 30_000,
    /** Grafana reaches every provisioned datasource once the stack is healthy. */
    datasourcesHealthyWithinMs: 30_000,
    /** Alloy's components report healthy once their exporters' endpoints resolve. */
    alloyComponentsHealthyWithinMs: 30_000,
  },

  /**
   * Emit-to-queryable latency per signal, from the moment Alloy has answered every OTLP export of a probe to the
   * moment a query first finds the item. p95 over a probe's items, and the worst single item.
   */
  delivery: {
    /** Alloy batches for up to 200 ms, Loki's ingester answers queries over what it holds at once. */
    logs: { p95Ms: 5_000, maxMs: 10_000 },
    /**
     * A line appended to a log file: Alloy looks for new files every 5 s (a new file's lines wait for that), tails
     * known ones as they grow, and loki.write sends a batch at least every second.
     */
    fileLogs: { p95Ms: 10_000, maxMs: 15_000 },
    /**
     * A journal entry (opt-in, compose.journal.yaml): Alloy's journal reader waits on the journal for new entries,
     * and loki.write sends a batch at least every second.
     */
    journal: { p95Ms: 3_000, maxMs: 5_000 },
    /** A container's log line (opt-in, compose.containers.yaml): Alloy follows each container's log stream. */
    containerLogs: { p95Ms: 3_000, maxMs: 5_000 },
    /** A push straight to Loki: the ingester alone. */
    lokiPush: { p95Ms: 3_000, maxMs: 5_000 },
    /** Alloy batches for up to 200 ms; Tempo finds a trace by id in its ingester's live traces. */
    traceById: { p95Ms: 5_000, maxMs: 10_000 },
    /** TraceQL search sees a trace once the ingester has cut it from live traces (trace idle period 10 s). */
    traceSearch: { p95Ms: 20_000, maxMs: 30_000 },
    /** Alloy converts OTLP metrics and remote-writes them; its queue sends at least every 5 s. */
    otlpMetrics: { p95Ms: 10_000, maxMs: 15_000 },
    /** Prometheus scrapes the server every 5 s. */
    scrapedMetrics: { p95Ms: 10_000, maxMs: 12_000 },
    /** Tempo's metrics-generator collects every 15 s, then remote-writes to Prometheus. */
    generatedMetrics: { p95Ms: 45_000, maxMs: 60_000 },
  },

  /**
   * Condition-to-notification time: from the first request of a breach (or the first log line, or the end of
   * the breach for a resolution) to the webhook receiver holding Alertmanager's notification.
   */
  alerts: {
    /** Scrape 5 s + a rate over two samples + for 15 s + evaluation 5 s + group_wait 10 s, with slack. */
    firingMs: 60_000,
    /** The 1 m rate window must empty of errors (60 s) + evaluation + group_interval 30 s, with slack. */
    resolvedMs: 150_000,
    /** Loki's ruler evaluates every 15 s; group_wait 10 s. */
    logRuleMs: 60_000,
    /** How long a silenced or inhibited alert is watched for a notification that must not come: past group_wait and one group_interval. */
    quietWindowMs: 45_000,
    /** Between two Watchdog heartbeats at the dead-man's switch: repeat_interval 1m + its group_interval 30s, with slack. */
    watchdogRepeatMs: 100_000,
  },

  /** The host suite (suites/host.test.ts): Alloy scrapes the host's node exporter every 15 s and remote-writes. */
  host: {
    /** The newest sample of a host series is at most one scrape interval plus remote write old, with slack. */
    freshWithinMs: 30_000,
    /** How long a series may take to appear (a stack just started): two scrapes and remote write. */
    arriveWithinMs: 45_000,
  },

  /** The bad-input suite (suites/bad-input.test.ts). */
  badInput: {
    /** A component's refusal counter seen in Prometheus: its scrape every 5 s, with slack. */
    counterMovesWithinMs: 30_000,
  },

  /**
   * The faults suite (suites/faults/), set from the configuration before measuring. Alloy's exporters retry every
   * 5 s growing to at most 10 s (+50% jitter: 15 s) and remote_write backs off to at most 5 s; a component's
   * healthcheck polls every 2 s.
   */
  faults: {
    /** The probes' own emit-to-queryable latency, outside a fault: as the delivery budgets of logs and metrics. */
    probe: { p95Ms: 15_000, maxMs: 15_000 },
    /**
     * From a killed component answering its healthcheck again to a probe sent after that being found in all three
     * stores: the next retry of each exporter (15 s) + a metrics batch (5 s) + a query's view (5 s), with slack.
     */
    recoveryAfterKillMs: 45_000,
    /** Alloy itself restarted: it reopens its on-disk queues and WAL before it answers, then as above. */
    recoveryAfterAlloyKillMs: 45_000,
    /** From a partition's end: Loki and Tempo were running all along, so one retry and a query (as after a kill). */
    recoveryAfterPartitionMs: 45_000,
    /** How long the acknowledged probes may take to be found after recovery (a 5-minute backlog drains). */
    settleMs: 120_000,
    /** StackComponentDown: `for: 1m`, scrape and evaluation every 5 s, with slack; from the start of the fault. */
    componentDownFiringMs: 90_000,
    /** From the end of the fault: a scrape and an evaluation (5 s each), with slack. */
    componentDownResolvedMs: 30_000,
    /** LokiWALDiskFull: no `for`; two scrapes that see the counter move and an evaluation (5 s each), with slack. */
    diskFullFiringMs: 30_000,
    /** From space freed: the counter's last move leaves the rule's 1-minute window, then a scrape and an evaluation. */
    diskFullResolvedMs: 90_000,
    /**
     * StackVolumeNearlyFull: its "for: 1m", plus one of Alloy's 15 s volume scrapes, remote write and one 5 s rule
     * evaluation; it resolves on the next scrape that sees space again.
     */
    volumeNearlyFullFiringMs: 90_000,
    volumeNearlyFullResolvedMs: 30_000,
    /**
     * From recovery to every line of a log file or the journal written across a fault being in Loki: Alloy's
     * loki.write retries every 10 s at most (max_backoff_period), then a batch and a query (5 s).
     */
    logLinesAfterRecoveryMs: 15_000,
    /**
     * At-least-once: a request sent but not yet confirmed when a fault struck is sent again. At most one per
     * exporter consumer (10) per fault, and each probe is one request, so at most 10 duplicated items per signal.
     */
    maxDuplicatesPerSignal: 10,
  },

  /** How long a suite waits for its items before calling the rest missing: well past every max budget. */
  deliveryWaitMs: 90_000,
} as const;
