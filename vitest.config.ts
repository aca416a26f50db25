import { defineConfig } from 'vitest/config';
import { suiteGlobs } from './fixtures/gate/suite-globs.ts';
import { resultsDirFor } from './fixtures/results/write-results.ts';
import { pipelineUnderTest } from './fixtures/stack/pipeline.ts';

/**
 * OBS_HARNESS_PIPELINE=otelcol (npm test's second pass, scripts/test.sh): the pipeline suites alone, against the
 * stack with the OpenTelemetry Collector in Alloy's place. A second Vitest run rather than a project: Vitest
 * starts every project's global setup at once, and two stacks at a time would share the CPU being measured.
 */
const pipeline = pipelineUnderTest();

/** The breakage corpus: a `config*` file (so the gate never takes it for a conformance suite), in a project of its own. */
const breakageCorpusTest = 'suites/config-breakages.test.ts';

/**
 * Projects on one base: `unit` (pure logic, no containers, seconds), `config` (the offline gate:
 * validators in the pinned images, no stack), `conformance` (the real stack in containers, brought up once by
 * the global setup and always torn down), `faults` (real faults on a stack of its own, after conformance) and,
 * last, `breakages` (the breakage corpus, which starts stacks of its own).
 */
export default defineConfig({
  test: {
    // CI also gets a JSON report; .ci/run reads its counts for a closing "N passed, N failed" line. Every run ends
    // with the summary of what the conformance suites measured.
    reporters: process.env['CI']
      ? [
          'verbose',
          ['json', { outputFile: `${resultsDirFor(pipeline)}/vitest.json` }],
          './suites/setup/summary-reporter.ts',
        ]
      : ['default', './suites/setup/summary-reporter.ts'],
    projects:
      pipeline !== 'alloy'
        ? [pipelineProject(pipeline)]
        : [
            {
              extends: true,
              test: {
                name: 'unit',
                include: ['{fixtures,scripts,load,reports,suites}/**/*.unit.test.ts'],
                sequence: { groupOrder: 0 },
              },
            },
            {
              extends: true,
              test: {
                // The offline gate: component validators in the pinned images and cross-file checks; no stack.
                name: 'config',
                include: [...suiteGlobs.offline],
                exclude: [breakageCorpusTest],
                testTimeout: 120_000,
                sequence: { groupOrder: 0 },
              },
            },
            conformanceProject('conformance', [...suiteGlobs.conformance.include], [...suiteGlobs.conformance.exclude]),
            {
              extends: true,
              test: {
                // Real faults (kill -9, partitions) under load, on a stack of its own that the suite file starts when it
                // runs: after the conformance suites, one fault at a time.
                name: 'faults',
                include: [...suiteGlobs.faults],
                exclude: ['**/*.unit.test.ts'],
                fileParallelism: false,
                sequence: { groupOrder: 2 },
                testTimeout: 900_000,
                hookTimeout: 600_000,
              },
            },
            {
              extends: true,
              test: {
                // The breakage corpus: every mistake offline in seconds, then the few that no static rule sees end to
                // end, each a conformance run of its own against a broken copy of the stack. Last, alone on the machine.
                name: 'breakages',
                include: [breakageCorpusTest],
                fileParallelism: false,
                sequence: { groupOrder: 3 },
                testTimeout: 120_000,
              },
            },
          ],
  },
});

/**
 * The real stack in containers: one stack serves every suite of the project; suites run one after another against
 * it, after the other projects, so that nothing else competes for the CPU while latencies are measured.
 */
function conformanceProject(name: string, include: string[], exclude: string[] = []) {
  return {
    extends: true,
    test: {
      name,
      include,
      exclude,
      globalSetup: ['suites/global-setup.ts'],
      fileParallelism: false,
      sequence: { groupOrder: 1 },
      testTimeout: 180_000,
      hookTimeout: 60_000,
    },
  };
}

/** The pipeline suites, unchanged, against a variant of the stack. */
function pipelineProject(variant: string) {
  return conformanceProject(`conformance-${variant}`, [...suiteGlobs.pipeline]);
}
