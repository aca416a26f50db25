/**
 * npm run gate [-- --base <git rev>] [-- --all] [-- --plan]
 *
 * The gate for a change to the stack (or to the harness): first the offline checks (each component's validator in
 * its pinned image, then the cross-file checks; seconds), and only if they pass, the end-to-end suites the change
 * can affect. The change is what differs from --base (default HEAD, i.e. uncommitted work), plus new files, over
 * the whole repository; each suite's `@covers` says which stack folders select it (fixtures/gate/). --all runs
 * every suite, and so does a stack under test that git cannot diff; --plan says which suites would run, and why,
 * and runs nothing. JUnit reports go to results/junit-offline.xml and results/junit-e2e.xml.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDuration } from '../fixtures/format/format-duration.ts';
import { type AffectedSuite, affectedSuites, variantAffected } from '../fixtures/gate/affected-suites.ts';
import { suiteGlobs } from '../fixtures/gate/suite-globs.ts';
import {
  type ConformanceSuite,
  discoverConformanceSuites,
  SuiteCoversError,
} from '../fixtures/gate/conformance-suites.ts';
import { stackDir } from '../fixtures/stack/stack-paths.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'HEAD' },
    all: { type: 'boolean', default: false },
    plan: { type: 'boolean', default: false },
  },
});
const say = (line: string): void => void process.stdout.write(`[gate] ${line}\n`);
const repoDir = fileURLToPath(new URL('../', import.meta.url));

function vitest(phase: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
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
    { stdio: 'inherit', env },
  );
  say(
    `${phase}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${formatDuration(Date.now() - started)} (JUnit: results/junit-${phase}.xml)`,
  );
  return result.status === 0;
}

const realpath = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/**
 * What the change is: the paths that differ from `base` (and new files) across the repository, relative to it,
 * with where the stack under test lies in it; or, when git cannot tell what changed in that stack, why not.
 */
function findChange(base: string): { paths: string[]; stackFolder: string } | { cannotTell: string } {
  const stack = realpath(stackDir);
  const stackFolder = relative(realpath(repoDir), stack).split(sep).join('/');
  if (stackFolder === '' || stackFolder.startsWith('..') || isAbsolute(stackFolder))
    return { cannotTell: `the stack under test (${stack}) is not a folder of this repository, so git cannot diff it` };
  const git = (args: string[]): string[] =>
    execFileSync('git', args, { cwd: repoDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')
      .filter(Boolean);
  try {
    if (spawnSync('git', ['check-ignore', '-q', stackFolder], { cwd: repoDir }).status === 0)
      return { cannotTell: `the stack under test (${stackFolder}/) is ignored by git, so git cannot diff it` };
    // --no-renames: a moved file counts at its old path and its new one.
    const paths = [
      ...git(['diff', '--name-only', '--no-renames', '--relative', base]),
      ...git(['ls-files', '--others', '--exclude-standard']),
    ];
    return { paths: [...new Set(paths)], stackFolder };
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n')[0];
    return { cannotTell: `git could not list the change since ${base} (${detail})` };
  }
}

/** At most `count` items, then how many more. */
const some = (items: string[], count: number): string =>
  items.length <= count ? items.join(', ') : `${items.slice(0, count).join(', ')} and ${items.length - count} more`;

/** One line per set of suites and reason, with the changed paths that select them; then the paths that select none. */
function selectionLines(paths: string[], affected: AffectedSuite[], suiteCount: number): string[] {
  const groups = new Map<string, string[]>();
  const none: string[] = [];
  for (const path of paths) {
    const by = affected.flatMap((suite) =>
      suite.selectedBy.filter((s) => s.path === path).map(({ why }) => ({ name: suite.name, why })),
    );
    if (by.length === 0) {
      none.push(path);
      continue;
    }
    const who = by.length === suiteCount ? 'every suite' : by.map((b) => b.name).join(', ');
    const group = `${who} (${[...new Set(by.map((b) => b.why))].join('; ')})`;
    groups.set(group, [...(groups.get(group) ?? []), path]);
  }
  return [
    ...[...groups].map(([group, selecting]) => `${group}: ${some(selecting, 3)}`),
    ...(none.length > 0 ? [`no suite: ${some(none, 5)}`] : []),
  ];
}

let suites: ConformanceSuite[];
try {
  suites = discoverConformanceSuites(repoDir, stackDir);
} catch (error) {
  if (!(error instanceof SuiteCoversError)) throw error;
  say(error.message);
  process.exit(1);
}

const change = values.all ? { cannotTell: 'asked for with --all' } : findChange(values.base);
let selected: ConformanceSuite[];
if ('cannotTell' in change) {
  selected = suites;
  say(`end-to-end suites: every one (${suites.map((s) => s.name).join(', ')}): ${change.cannotTell}`);
} else {
  const affected = affectedSuites(change.paths, suites, { stackFolder: change.stackFolder });
  selected = affected;
  const count = change.paths.length;
  say(`change since ${values.base}: ${count === 0 ? 'nothing' : `${count} path(s)`}`);
  say(`end-to-end suites: ${affected.length === 0 ? 'none' : affected.map((s) => s.name).join(', ')}`);
  for (const line of selectionLines(change.paths, affected, suites.length)) say(`  ${line}`);
}
// The collector variant runs the pipeline suites against it when a change can break it (or the gate cannot tell).
const touchesVariant =
  'cannotTell' in change ||
  variantAffected(change.paths, suites, suiteGlobs.pipeline, { stackFolder: change.stackFolder });
if (touchesVariant) say(`end-to-end against the otelcol variant: ${suiteGlobs.pipeline.join(', ')}`);
if (values.plan) process.exit(0);

say('offline checks: every file under stack/ with its own validator, cross-file consistency, rule and route tests');
if (!vitest('offline', ['--project', 'config', 'suites/config.test.ts', 'suites/rules.test.ts'])) {
  say('offline checks failed: fix them before the end-to-end suites are worth running');
  process.exit(1);
}

if (selected.length === 0 && !touchesVariant) {
  say('gate passed');
  process.exit(0);
}
const alloyPassed =
  selected.length === 0 || vitest('e2e', ['--project', 'conformance', ...selected.map((s) => s.file)]);
const variantPassed =
  !touchesVariant ||
  vitest('e2e-otelcol', [...suiteGlobs.pipeline], { ...process.env, OBS_HARNESS_PIPELINE: 'otelcol' });
process.exit(alloyPassed && variantPassed ? 0 : 1);
