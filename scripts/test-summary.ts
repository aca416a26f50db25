/**
 * node scripts/test-summary.ts
 *
 * `.ci/run`'s closing lines, from the JSON reports of npm test's two passes (Vitest writes them when CI is set):
 * the counts, then every failure with the first lines of what it said, so the tail of CI's log tells what broke.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderClosingLines, type VitestJsonReport } from '../fixtures/results/vitest-report.ts';

const repoDir = fileURLToPath(new URL('../', import.meta.url));
const passes = [
  { name: 'alloy', file: 'results/vitest.json' },
  { name: 'otelcol', file: 'results/otelcol/vitest.json' },
];
const reported = passes
  .filter((pass) => existsSync(join(repoDir, pass.file)))
  .map((pass) => ({
    name: pass.name,
    report: JSON.parse(readFileSync(join(repoDir, pass.file), 'utf8')) as VitestJsonReport,
  }));
console.log(renderClosingLines(reported, passes.length, repoDir));
