import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from 'vitest/node';
import type { DeliveryResult } from '../../fixtures/delivery/delivery-result.ts';
import { resultsDirFor } from '../../fixtures/results/write-results.ts';
import { type RunFigures, renderRunSummary } from '../../fixtures/results/run-summary.ts';
import { type FaultResult, renderFaultTable } from '../../fixtures/faults/fault-report.ts';

/**
 * Prints one summary table at the end of every run that started a stack: what each delivery and alert measured,
 * read back from this run's results files (older files in results/ are left out by their time).
 */
export default class SummaryReporter implements Reporter {
  readonly #startedAtMs = Date.now();

  onTestRunEnd(): void {
    const resultsDir = resultsDirFor();
    const fresh = (name: string): unknown => {
      const file = join(resultsDir, name);
      if (!existsSync(file) || statSync(file).mtimeMs < this.#startedAtMs) return undefined;
      return JSON.parse(readFileSync(file, 'utf8'));
    };
    const faults = fresh('faults.json') as { faults: FaultResult[] } | undefined;
    if (faults) process.stdout.write(`\n${renderFaultTable(faults.faults)}\n`);
    const stack = fresh('stack.json') as RunFigures['stack'];
    if (!stack) return;
    const deliveries = existsSync(resultsDir)
      ? readdirSync(resultsDir)
          .filter((name) => /^delivery-.*\.json$/.test(name))
          .map((name) => fresh(name) as DeliveryResult | undefined)
          .filter((d): d is DeliveryResult => d !== undefined)
      : [];
    process.stdout.write(
      `${renderRunSummary({ stack, deliveries, alerts: fresh('alerts.json') as RunFigures['alerts'], resultsDir })}\n`,
    );
  }
}
