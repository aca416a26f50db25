import type { TestProject } from 'vitest/node';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import type { ResolvedImage } from '../fixtures/stack/stack-images.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { startStack } from '../fixtures/stack/start-stack.ts';
import { type LogSource, pipelineShapes, pipelineUnderTest } from '../fixtures/stack/pipeline.ts';
import { assertNoSilentCrashes } from '../fixtures/docker/container-restarts.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackEndpoints;
    stackImages: ResolvedImage[];
  }
}

/**
 * Brings the stack up once for the whole conformance run and hands its endpoints to the suites.
 * The returned teardown runs when the run ends, passed or failed. On Ctrl-C or SIGTERM Vitest exits within a
 * millisecond, before any asynchronous teardown could finish: the reaper (started by startStack) sees this
 * process gone and removes the stack, as it does after a kill -9.
 * Before the stack goes, the teardown fails the run, naming the container, when any container restarted, was
 * OOM-killed or stopped during it: no conformance suite stops a container, so a crash loop never passes silently.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // OBS_HARNESS_PIPELINE (npm test's second pass) picks the pipeline; the results files say which it was.
  // The stack runs with every opt-in log source its pipeline reads too (the journal, the containers' output:
  // journal.test.ts, container-logs.test.ts); the shipped configuration without them is the exposure suite's.
  const pipeline = pipelineUnderTest();
  const logSources = Object.keys(pipelineShapes[pipeline].logSourceOverlays) as LogSource[];
  const stack = await startStack({ workload: true, pipeline, logSources });

  writeResults('stack', { runId: stack.endpoints.runId, startupMs: stack.startupMs, images: stack.images });
  project.provide('stack', stack.endpoints);
  project.provide('stackImages', [...stack.images]);
  return async () => {
    try {
      await assertNoSilentCrashes(stack.endpoints.projectName);
    } finally {
      await stack.down();
    }
  };
}
