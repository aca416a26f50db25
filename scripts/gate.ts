/**
 * npm run gate [-- --base <git rev>] [-- --all]
 *
 * The gate for a change to stack/: first the offline checks (each component's validator in its pinned image,
 * then the cross-file checks; seconds), and only if they pass, the end-to-end suites the change can affect.
 * The change is what differs from --base (default HEAD, i.e. uncommitted work), plus new files; --all runs
 * every suite. JUnit reports go to results/junit-offline.xml and results/junit-e2e.xml.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { affectedSuites, allSuites } from '../fixtures/gate/affected-suites.ts';
import { formatDuration } from '../fixtures/format/format-duration.ts';

const { values } = parseArgs({
  options: { base: { type: 'string', default: 'HEAD' }, all: { type: 'boolean', default: false } },
});
const say = (line: string): void => void process.stdout.write(`[gate] ${line}\n`);

function vitest(phase: string, args: string[]): boolean {
  const started = Date.now();
  const result = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      ...args,
      '--reporter=default',
      '--reporter=junit',
      `--outputFile.junit=results/junit-${phase}.xml`,
    ],
    {
      stdio: 'inherit',
    },
  );
  say(
    `${phase}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${formatDuration(Date.now() - started)} (JUnit: results/junit-${phase}.xml)`,
  );
  return result.status === 0;
}

/** Paths the change touches, relative to the repository; undefined when git cannot tell. */
function changedPaths(base: string): string[] | undefined {
  try {
    const git = (args: string[]): string[] =>
      execFileSync('git', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
    return [
      ...git(['diff', '--name-only', base, '--', 'stack']),
      ...git(['ls-files', '--others', '--exclude-standard', '--', 'stack']),
    ];
  } catch {
    return undefined;
  }
}

say('offline checks: every file under stack/ with its own validator, cross-file consistency, rule and route tests');
if (!vitest('offline', ['--project', 'config', 'suites/config.test.ts', 'suites/rules.test.ts'])) {
  say('offline checks failed: fix them before the end-to-end suites are worth running');
  process.exit(1);
}

const changed = values.all ? undefined : changedPaths(values.base);
const suites = changed === undefined ? [...allSuites] : affectedSuites(changed);
if (changed !== undefined)
  say(`change since ${values.base}: ${changed.length === 0 ? 'nothing under stack/' : changed.join(', ')}`);
if (suites.length === 0) {
  say('no end-to-end suite is affected; gate passed');
  process.exit(0);
}
say(`end-to-end suites for this change: ${suites.join(', ')}`);
process.exit(vitest('e2e', ['--project', 'conformance', ...suites.map((s) => `suites/${s}.test.ts`)]) ? 0 : 1);
