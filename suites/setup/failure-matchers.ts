import { expect } from 'vitest';
import type { Failure } from '../../fixtures/failures/failure.ts';
import { formatFailures } from '../../fixtures/failures/format-failures.ts';

/** Which failures an assertion is about: only some rules, or all but some. */
export interface FailureFilter {
  rules?: readonly string[];
  except?: readonly string[];
}

declare module 'vitest' {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> {
    /** Passes when no failure (of the rules the filter keeps) was found; otherwise prints every one of them. */
    toHaveNoFailures(filter?: FailureFilter): R;
  }
}

/**
 * The one matcher every conformance suite asserts with: it takes a list of structured failures (or anything
 * that carries one, such as a DeliveryResult) and prints them as blocks naming hop, rule, expected and actual.
 */
expect.extend({
  toHaveNoFailures(received: readonly Failure[] | { failures: readonly Failure[] }, filter: FailureFilter = {}) {
    const all = Array.isArray(received) ? received : (received as { failures: readonly Failure[] }).failures;
    const kept = all.filter(
      (f) => (filter.rules === undefined || filter.rules.includes(f.rule)) && !filter.except?.includes(f.rule),
    );
    return {
      pass: kept.length === 0,
      message: () => (kept.length === 0 ? 'expected failures, found none' : formatFailures(kept)),
    };
  },
});
