/**
 * npm run load -- --profile <name>
 *
 * A load run against a fresh stack of its own: the profile's steps for each signal in turn (a step-ramp
 * climbs until a promise breaks, then bisects to the knee), every step measured, and a folder of reports in
 * reports/out/<run>/ (report.json, report.md, report.html, screenshot.png). It stops by itself at the profile's
 * time bound; Ctrl-C stops it after the current step (twice: at once, and the reaper removes the stack).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HarnessError } from '../fixtures/harness-error.ts';
import { formatDuration } from '../fixtures/format/format-duration.ts';
import { startStack } from '../fixtures/stack/start-stack.ts';
import { pipelineUnderTest } from '../fixtures/stack/pipeline.ts';
import { checkInBrowser } from '../reports/check-in-browser.ts';
import { buildReportDocument } from '../reports/build-report-document.ts';
import type { LoadReport } from '../reports/load-report.ts';
import { renderHtml } from '../reports/render-html.ts';
import { renderMarkdown } from '../reports/render-markdown.ts';
import { bisectRate, kneeOf } from './capacity-search.ts';
import { sampleContainers } from './container-stats.ts';
import { describeShape, readLoadProfile } from './load-profile.ts';
import { measureStep, type StepResult } from './load-step.ts';
import { toLoadReport, type MeasuredSignal } from './to-load-report.ts';

const say = (line: string): void => void process.stderr.write(`[load] ${line}\n`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { profile: { type: 'string' }, pipeline: { type: 'string' } } });
  if (!values.profile) throw new TypeError('--profile <name> is required (see load/profiles/)');
  // --pipeline otelcol: the OpenTelemetry Collector in Alloy's place (the report says which it measured).
  const pipeline = pipelineUnderTest(
    values.pipeline === undefined ? process.env : { OBS_HARNESS_PIPELINE: values.pipeline },
  );
  const profile = readLoadProfile(values.profile);
  const started = Date.now();
  const deadline = started + profile.maxDurationSeconds * 1000;
  let ending: LoadReport['ending'] = 'finished';
  process.once('SIGINT', () => {
    ending = 'interrupted';
    say('interrupted: stopping after this step (Ctrl-C again to stop at once)');
  });
  const elapsed = (): string =>
    `elapsed ${formatDuration(Date.now() - started)} of at most ${formatDuration(profile.maxDurationSeconds * 1000)}`;
  const mayContinue = (): boolean => {
    if (ending === 'interrupted') return false;
    // A step needs its own time and about as much again for measuring.
    if (Date.now() + profile.stepSeconds * 2_000 > deadline) {
      ending = 'time bound reached';
      return false;
    }
    return true;
  };

  say(`profile ${profile.name} (${profile.kind}): ${profile.description}`);
  say(`shape: ${describeShape(profile)}`);
  const stack = await startStack({ log: say, pipeline });
  const sampler = sampleContainers(stack.endpoints.projectName);
  const signals: MeasuredSignal[] = [];
  try {
    for (const signal of profile.signals) {
      const steps: StepResult[] = [];
      const measure = async (eventsPerSecond: number, label: string): Promise<StepResult> => {
        say(
          `${signal} step ${label}: ${eventsPerSecond.toLocaleString('en')} events/s for ${profile.stepSeconds} s | ${elapsed()}`,
        );
        const result = await measureStep({
          stack: stack.endpoints,
          profile,
          signal,
          step: `${signal}-${label}`,
          eventsPerSecond,
          runId: stack.endpoints.runId,
          containerSamples: sampler.samples,
        });
        steps.push(result);
        const { latency } = result.probes;
        const sent = `sent ${result.generator.achievedEventsPerSecond.toLocaleString('en')}/s in ${result.generator.answeredRequestsPerSecond.toLocaleString('en')} requests/s`;
        say(
          `${signal} step ${label}: ${sent}, probe p99 ${latency.p99Ms} ms, ${result.broken.length === 0 ? 'kept every promise' : `BROKE: ${result.broken.join('; ')}`}`,
        );
        return result;
      };
      let lastGood: number | undefined;
      let firstBroken: number | undefined;
      for (const [index, rate] of (profile.rates[signal] ?? []).entries()) {
        if (!mayContinue()) break;
        const result = await measure(rate, String(index + 1));
        if (result.broken.length === 0) lastGood = rate;
        else if (profile.kind === 'step-ramp') {
          firstBroken = rate;
          break;
        }
      }
      for (
        let i = 1;
        profile.kind === 'step-ramp' && firstBroken !== undefined && i <= profile.bisectSteps && mayContinue();
        i += 1
      ) {
        const rate = bisectRate(lastGood, firstBroken);
        if (rate === lastGood || rate === firstBroken) break;
        const result = await measure(rate, `bisect${i}`);
        if (result.broken.length === 0) lastGood = rate;
        else firstBroken = rate;
      }
      const measured = steps.map((s) => ({
        eventsPerSecond: s.generator.offeredEventsPerSecond,
        kept: s.broken.length === 0,
      }));
      const knee = profile.kind === 'step-ramp' ? kneeOf(measured) : undefined;
      signals.push({ signal, steps, kneeEventsPerSecond: knee });
      if (profile.kind === 'step-ramp')
        say(
          `${signal}: knee ${knee === undefined ? 'not found (the first step broke)' : `${knee.toLocaleString('en')} events/s`}`,
        );
    }
  } finally {
    sampler.stop();
    await stack.down();
  }

  const report = toLoadReport({
    profile,
    runId: stack.endpoints.runId,
    startedAtMs: started,
    endedAtMs: Date.now(),
    ending,
    cores: availableParallelism(),
    pipeline,
    images: stack.images,
    signals,
    containerSamples: sampler.samples,
  });
  // One document for both formats: report.md and report.html show the same figures.
  const reportDocument = buildReportDocument(report);
  const folder = resolve('reports', 'out', `${stack.endpoints.runId}-${profile.name}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = renderMarkdown(reportDocument);
  writeFileSync(join(folder, 'report.md'), markdown);
  writeFileSync(join(folder, 'report.html'), renderHtml(reportDocument));
  const browser = await checkInBrowser(join(folder, 'report.html'), join(folder, 'screenshot.png'));
  rmSync(join(folder, 'screenshot.png.profile'), { recursive: true, force: true });
  if (browser.skipped) say(`report not checked in a browser: ${browser.skipped}`);
  else
    say(
      `report rendered in headless Chromium: ${browser.consoleErrors.length === 0 ? 'no console errors' : `console errors:\n  ${browser.consoleErrors.join('\n  ')}`}`,
    );
  process.stdout.write(
    `\n${markdown}\nReports: ${folder}/report.{json,md,html}${browser.screenshot ? ', screenshot.png' : ''}\n`,
  );
  if (browser.consoleErrors.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nload: ${error instanceof HarnessError || error instanceof TypeError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
