import { mkdirSync, writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import type { ResolvedImage } from '../fixtures/stack/stack-images.ts';
import { startStack } from '../fixtures/stack/start-stack.ts';

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
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack({ workload: true });

  mkdirSync('results', { recursive: true });
  writeFileSync(
    'results/stack.json',
    `${JSON.stringify({ runId: stack.endpoints.runId, startupMs: stack.startupMs, images: stack.images }, null, 2)}\n`,
  );
  project.provide('stack', stack.endpoints);
  project.provide('stackImages', [...stack.images]);
  return () => stack.down();
}
