/**
 * The load runs' delivery probes: single events with ids of their own beside the load, and how the delivery runner
 * finds them. They live in the delivery model (fixtures/delivery/otlp-probes.ts), which the faults suite uses too.
 */
export { probeLookup, sendProbe, storeOf } from '../fixtures/delivery/otlp-probes.ts';
