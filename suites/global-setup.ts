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
 * The returned teardown always runs; if this process dies first, the reaper removes the stack.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startStack();
  const teardown = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stack.down();
  };
  // Ctrl-C or a CI cancel: take the stack down before exiting, not after a timeout.
  const onSignal = (signal: NodeJS.Signals): void => {
    void teardown().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  mkdirSync('results', { recursive: true });
  writeFileSync(
    'results/stack.json',
    `${JSON.stringify({ runId: stack.endpoints.runId, startupMs: stack.startupMs, images: stack.images }, null, 2)}\n`,
  );
  project.provide('stack', stack.endpoints);
  project.provide('stackImages', [...stack.images]);
  return teardown;
}
