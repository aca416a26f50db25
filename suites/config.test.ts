import { describe, expect, it } from 'vitest';
import { offlineChecks } from '../fixtures/gate/offline-checks.ts';
import { stackDir } from '../fixtures/stack/stack-paths.ts';

/**
 * The offline gate: every file under stack/ (or the copy OBS_HARNESS_STACK_DIR names) passes its component's
 * own validator, run in the pinned image, and the files agree with each other. No stack is started.
 */
describe.concurrent('config: the stack configuration validates offline', () => {
  for (const check of offlineChecks.filter((c) => c.suite === 'config')) {
    it(`${check.name} (${check.file})`, async () => {
      const problems = await check.run(stackDir);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});
