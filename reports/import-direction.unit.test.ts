import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const reportsDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(reportsDir, '..');

/** Every module under reports/ (not the git-ignored runs in out/). */
const modules = (readdirSync(reportsDir, { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => /\.[cm]?ts$/.test(file) && !file.startsWith(`out${sep}`))
  .map((file) => join(reportsDir, file));

/** The specifiers of a module's static imports, re-exports and dynamic imports. */
const importsOf = (source: string): string[] =>
  [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] as string);

describe('reports/ and load/', () => {
  it('import in one direction: load/ uses reports/, and nothing under reports/ imports from load/', () => {
    expect(modules.length).toBeGreaterThan(5);
    const offending = modules.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(root, resolve(dirname(file), specifier)))
        .filter((target) => target === 'load' || target.startsWith(`load${sep}`))
        .map((target) => `${relative(root, file)} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('finds imports the way the check above reads them', () => {
    expect(
      importsOf("import type { A } from '../load/a.ts';\nimport {\n  b,\n} from './b.ts';\nimport './c.ts';\n"),
    ).toEqual(['../load/a.ts', './b.ts', './c.ts']);
  });
});
