import { describe, expect, it } from 'vitest';
import { offlineChecks } from '../fixtures/gate/offline-checks.ts';
import { stackDir } from '../fixtures/stack/stack-paths.ts';

/**
 * The alerting rules behave as written: promtool's unit tests for every alerting rule (each must have one), and
 * the routing tree sends each kind of alert to its receiver (amtool). Only the tools' containers, no stack.
 */
describe.concurrent('rules: alerting rules and routes behave', () => {
  for (const check of offlineChecks.filter((c) => c.suite === 'rules')) {
    it(`${check.name} (${check.file})`, async () => {
      const problems = await check.run(stackDir);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});
