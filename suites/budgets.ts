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
} as const;
