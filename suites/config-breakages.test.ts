import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../fixtures/format/format-duration.ts';
import { affectedSuites } from '../fixtures/gate/affected-suites.ts';
import { applyBreakage } from '../fixtures/gate/apply-breakage.ts';
import { type EndToEndBreakage, isEndToEnd, type OfflineBreakage } from '../fixtures/gate/breakage.ts';
import { breakageCorpus } from '../fixtures/gate/breakage-corpus.ts';
import { type BreakageResult, corpusSummary, judgeBreakage } from '../fixtures/gate/breakage-result.ts';
import { discoverConformanceSuites } from '../fixtures/gate/conformance-suites.ts';
import { findConfigProblemsByCheck, offlineChecks } from '../fixtures/gate/offline-checks.ts';
import { runSuitesAgainst } from '../fixtures/gate/run-suites-against.ts';
import { resultsDirFor, writeResults } from '../fixtures/results/write-results.ts';
import { stackDir } from '../fixtures/stack/stack-paths.ts';

/*
 * The breakage corpus (fixtures/gate/breakage-corpus.ts), measured: every realistic mistake applied to a copy of
 * the stack, and the gate's verdict on it. Offline rows go through the offline checks (concurrently, seconds);
 * end-to-end rows run the suite the corpus names, which the gate selects for the file, against the broken copy,
 * one after another, each with a stack of its own. Prints `caught N of N (offline K, end-to-end M)`, fails below
 * N of N, and writes results/breakages.json. Vitest project `breakages`, after the conformance suites.
 */

const repoDir = fileURLToPath(new URL('../', import.meta.url));
const offline = breakageCorpus.filter((b): b is OfflineBreakage => !isEndToEnd(b));
const endToEnd = breakageCorpus.filter(isEndToEnd);
/** Checks that no breakage class is about: `alloy fmt --test` (of any Alloy file) judges layout, which breaks nothing. */
const isStyleCheck = (name: string): boolean => name.startsWith('alloy fmt --test');

const results: BreakageResult[] = [];
const wallMs = { offline: 0, endToEnd: 0 };
const summary = (): string => corpusSummary(results);

afterAll(() => {
  const order = new Map(breakageCorpus.map((b, i) => [b.name, i]));
  results.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  writeResults('breakages', { summary: summary(), total: breakageCorpus.length, wallMs, results });
});

const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

async function catchOffline(breakage: OfflineBreakage): Promise<BreakageResult> {
  const broken = applyBreakage(stackDir, breakage);
  try {
    const started = Date.now();
    const findings = await findConfigProblemsByCheck(broken.dir);
    const said = findings.flatMap(({ check, problems }) => problems.map((message) => ({ by: check.name, message })));
    return judgeBreakage(breakage, 'offline', said, Date.now() - started);
  } finally {
    broken[Symbol.dispose]();
  }
}

async function catchEndToEnd(breakage: EndToEndBreakage, gateSelects: string[]): Promise<BreakageResult> {
  const broken = applyBreakage(stackDir, breakage);
  const run = await runSuitesAgainst(broken.dir, [`suites/${breakage.suite}.test.ts`], {
    workDir: join(resultsDirFor(), 'breakage-runs', slug(breakage.name)),
  }).finally(() => broken[Symbol.dispose]());
  const said = run.failures.map((f) => ({ by: `${breakage.suite}: ${f.test}`, message: f.message }));
  // A run that passed caught nothing, whatever it printed.
  const result = judgeBreakage(breakage, 'end-to-end', run.exitCode === 0 ? [] : said, run.durationMs);
  return { ...result, gateSelects, caughtBy: result.caught ? [breakage.suite] : [] };
}

/** What a result says when it failed: what was asked for, and what the gate said instead. */
const verdict = (breakage: { name: string; says: RegExp }, result: BreakageResult): string =>
  `"${breakage.name}": wanted a message matching ${breakage.says}; the gate said:\n${result.said.join('\n').slice(0, 6_000) || '(nothing: it passed)'}`;

describe('breakage corpus: every realistic mistake in the stack is caught, naming the file and the hop', () => {
  it('the unchanged stack passes the offline checks (so each breakage is caught for its change)', async () => {
    const problems = (await findConfigProblemsByCheck(stackDir)).flatMap((f) => f.problems);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  describe.concurrent('offline: a validator or a static rule says so in seconds', () => {
    let started = 0;
    beforeAll(() => {
      started = Date.now();
    });
    afterAll(() => {
      wallMs.offline = Date.now() - started;
    });
    for (const breakage of offline) {
      it(`${breakage.name} (${breakage.class}, ${breakage.file})`, async () => {
        const result = await catchOffline(breakage);
        results.push(result);
        expect(result.caught, verdict(breakage, result)).toBe(true);
      });
    }
  });

  it('every offline check is seen failing by at least one breakage', () => {
    const seen = new Set(results.flatMap((r) => (r.how === 'offline' ? r.caughtBy : [])));
    const never = offlineChecks.map((c) => c.name).filter((name) => !seen.has(name) && !isStyleCheck(name));
    expect(never, 'offline checks no breakage of the corpus makes fail').toEqual([]);
  });

  describe('end to end: the suite the gate selects for the file fails with the named message', () => {
    const suites = discoverConformanceSuites(repoDir, stackDir);
    let started = 0;
    afterAll(() => {
      wallMs.endToEnd = started === 0 ? 0 : Date.now() - started;
    });
    for (const breakage of endToEnd) {
      it(`${breakage.name} (${breakage.class}, ${breakage.file} -> ${breakage.suite})`, async () => {
        started ||= Date.now();
        const gateSelects = affectedSuites([`stack/${breakage.file}`], suites).map((s) => s.name);
        expect(gateSelects, `the gate's suites for stack/${breakage.file}`).toContain(breakage.suite);
        const result = await catchEndToEnd(breakage, gateSelects);
        results.push(result);
        process.stdout.write(
          `[breakages] ${breakage.name}: ${result.caught ? 'caught' : 'NOT caught'} by ${breakage.suite} in ${formatDuration(result.durationMs)}\n`,
        );
        expect(result.caught, verdict(breakage, result)).toBe(true);
      }, 1_200_000);
    }
  });

  it('caught N of N', () => {
    process.stdout.write(
      `[breakages] ${summary()}; offline in ${formatDuration(wallMs.offline)}, end to end in ${formatDuration(wallMs.endToEnd)} (results/breakages.json)\n`,
    );
    expect(results.filter((r) => r.caught).length, summary()).toBe(breakageCorpus.length);
  });
});
