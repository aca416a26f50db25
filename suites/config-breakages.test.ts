import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfigProblems } from '../fixtures/gate/offline-checks.ts';
import { writeResults } from '../fixtures/results/write-results.ts';
import { stackDir } from '../fixtures/stack/stack-paths.ts';

/** A small, realistic mistake in one file, and what the gate's message must say about it. */
interface Breakage {
  name: string;
  file: string;
  from: string | RegExp;
  to: string;
  /** What one of the gate's messages must say: the file (or the rule or route) and the problem. */
  says: RegExp;
}

const breakages: Breakage[] = [
  {
    name: 'a wrong port',
    file: 'alloy/config.alloy',
    from: 'http://loki:3100/otlp',
    to: 'http://loki:3199/otlp',
    says: /alloy\/config\.alloy: .*loki has no port 3199/,
  },
  {
    name: 'a typo in a PromQL expression',
    file: 'prometheus/rules/stack.yml',
    from: '} == 0',
    to: '} === 0',
    says: /prometheus\/rules\/stack\.yml: .*"StackComponentDown": could not parse expression/,
  },
  {
    name: 'a route to a missing receiver',
    file: 'alertmanager/alertmanager.yml',
    from: /receiver: team-tickets/,
    to: 'receiver: pager',
    says: /alertmanager\/alertmanager\.yml: a route sends to receiver "pager", which is not defined/,
  },
  {
    name: 'a datasource pointing nowhere',
    file: 'grafana/provisioning/datasources/datasources.yaml',
    from: 'url: http://loki:3100',
    to: 'url: http://loki-old:3100',
    says: /grafana\/provisioning\/datasources\/datasources\.yaml: datasource Loki url http:\/\/loki-old:3100: no service "loki-old"/,
  },
  {
    name: 'a broken rule threshold',
    file: 'prometheus/rules/slo.yml',
    from: '> 0.2',
    to: '> 0.9',
    says: /prometheus\/tests: promtool test rules failed[\s\S]*alertname: SyntheticErrorRateCritical/,
  },
  {
    name: 'a route that no longer pages',
    file: 'alertmanager/alertmanager.yml',
    from: `matchers: ['severity="critical"']`,
    to: `matchers: ['severity="page"']`,
    says: /alertmanager\/alertmanager\.yml: route for \{alertname=SyntheticErrorRateCritical[^}]*\} should reach team-pager/,
  },
  {
    name: 'an alerting rule without a unit test',
    file: 'prometheus/rules/slo.yml',
    from: '  - name: synthetic-service-slo\n    rules:\n',
    to: '  - name: synthetic-service-slo\n    rules:\n      - alert: SyntheticUntested\n        expr: vector(1) > 2\n',
    says: /prometheus\/rules\/slo\.yml: alert SyntheticUntested has no promtool test/,
  },
  {
    name: 'a disabled receiver in Alloy',
    file: 'alloy/config.alloy',
    from: /\n\thttp \{\n\t\tendpoint = "0\.0\.0\.0:4318"\n\t\}\n/,
    to: '\n',
    says: /alloy\/config\.alloy: compose\.yaml publishes alloy port 4318 but nothing in config\.alloy listens on it/,
  },
];

const copies: string[] = [];
const said: Record<string, string[]> = {};
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  writeResults('config-breakages', said);
});

describe.concurrent('config gate: each small breakage fails with a message naming the file and the problem', () => {
  for (const breakage of breakages) {
    it(breakage.name, async () => {
      const copy = mkdtempSync(join(tmpdir(), 'stack-breakage-'));
      copies.push(copy);
      cpSync(stackDir, copy, { recursive: true });
      const path = join(copy, breakage.file);
      const original = readFileSync(path, 'utf8');
      const broken = original.replace(breakage.from, breakage.to);
      // A breakage that changes nothing would prove nothing: the recipe itself must still apply.
      expect(broken, `breakage "${breakage.name}" no longer applies to ${breakage.file}`).not.toBe(original);
      writeFileSync(path, broken);

      const problems = await findConfigProblems(copy);
      said[breakage.name] = problems;
      const naming = problems.filter((p) => breakage.says.test(p));
      expect(naming, `gate on "${breakage.name}" said:\n${problems.join('\n') || '(nothing: it passed)'}`).not.toEqual(
        [],
      );
    });
  }

  it('the unchanged stack passes', async () => {
    const problems = await findConfigProblems(stackDir);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
