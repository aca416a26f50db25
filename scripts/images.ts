/**
 * npm run images [-- --only loki,tempo] [-- --no-pull]
 *
 * Makes every image the stack needs available on this host: the official image of the pinned version when it is
 * present or can be pulled, else a local build (stack/images/README.md). Present images are never rebuilt.
 * Then the harness's synthetic workload image, which every host builds (seconds; reused while its code is unchanged).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { assertDockerAvailable } from '../fixtures/docker/docker-cli.ts';
import { HarnessError } from '../fixtures/harness-error.ts';
import { formatDuration } from '../fixtures/format/format-duration.ts';
import { ensureDebianBase, type DebianBase } from '../fixtures/images/debian-base-image.ts';
import { ensureImage, type EnsuredImage } from '../fixtures/images/ensure-image.ts';
import { planImages } from '../fixtures/images/image-plan.ts';
import { ensureWorkloadImage } from '../fixtures/images/workload-image.ts';
import { imageComponents } from '../fixtures/images/image-components.ts';
import { harnessCacheDir } from '../fixtures/stack/stack-paths.ts';
import { pinned, readStackVersions } from '../fixtures/stack/stack-versions.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, 'no-pull': { type: 'boolean', default: false } },
  });
  const only = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of only ?? []) {
    if (!(imageComponents as readonly string[]).includes(name)) {
      throw new TypeError(`--only: unknown component "${name}" (known: ${imageComponents.join(', ')})`);
    }
  }
  await assertDockerAvailable();
  const versions = readStackVersions();
  const cacheDir = harnessCacheDir();
  const logDir = join(cacheDir, 'logs', 'images');
  let base: Promise<DebianBase> | undefined;
  const place = {
    cacheDir,
    logDir,
    pull: !values['no-pull'],
    debianBase: () => (base ??= ensureDebianBase(pinned(versions, 'DEBIAN_BASE_SUITE'), { cacheDir, logDir })),
  };

  const started = Date.now();
  const results: EnsuredImage[] = [];
  // One at a time: every local build wants both cores, and a failure should stop at the component that failed.
  for (const plan of planImages(versions).filter((p) => !only || only.includes(p.component))) {
    results.push(await ensureImage(plan, place));
  }
  if (!only) {
    const started = Date.now();
    const { image, built } = await ensureWorkloadImage(place);
    results.push({
      component: 'workload',
      image,
      outcome: built ? 'local built' : 'local present',
      elapsedMs: Date.now() - started,
    });
  }
  process.stdout.write(`\n${'component'.padEnd(14)}${'outcome'.padEnd(18)}${'time'.padEnd(9)}image\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.component.padEnd(14)}${r.outcome.padEnd(18)}${formatDuration(r.elapsedMs).padEnd(9)}${r.image}\n`,
    );
  }
  process.stdout.write(`all images ready in ${formatDuration(Date.now() - started)}\n`);
}

main().catch((error: unknown) => {
  const message =
    error instanceof HarnessError || error instanceof TypeError
      ? error.message
      : String((error as Error)?.stack ?? error);
  process.stderr.write(`\nimages: ${message}\n`);
  process.exitCode = 1;
});
