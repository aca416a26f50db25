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
import { sampleVolumes } from './volume-sizes.ts';
import { PrometheusApi } from '../fixtures/signals/prometheus-api.ts';
import { runFindings } from './run-findings.ts';
import { readStoreCycles, storeCyclesBetween } from './store-cycles.ts';
import { describeShape, type LoadSignal, readLoadProfile } from './load-profile.ts';
import { measureStep, type StepResult } from './load-step.ts';
import type { OtlpProtocol } from './otlp-transport.ts';
import { toLoadReport, type MeasuredSignal } from './to-load-report.ts';

/**
 * How long a spike's probes are waited for after the spike: the backlog's drain is what a spike measures, and at
 * twice the budget (10 s) the probes behind a 30 s spike were still queued, not lost (every accepted line and
 * point was stored). Past this, what has not arrived is lost to the run.
 */
const spikeProbeWaitMs = 120_000;
/** A protocol as a step's name spells it (a label value: no slash). */
const stepSlug: Record<OtlpProtocol, string> = { 'http/protobuf': 'proto', 'http/json': 'json', grpc: 'grpc' };

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
  // Disk at the start and after every step: what a soak's growth per hour is read from.
  const volumeSamples = await sampleVolumes(stack.endpoints.projectName);
  const prometheus = new PrometheusApi(stack.endpoints.prometheus);
  let storeCycles: Record<string, number> = {};
  const signals: MeasuredSignal[] = [];
  /**
   * The profile's schedule at one pace: every rate in turn (a step-ramp stops at the first that broke a promise
   * and bisects between the last good rate and it). Returns the knee, for a step-ramp.
   */
  const runSchedule = async (
    rates: readonly number[],
    measure: (rate: number, label: string, probeWaitMs: number | undefined) => Promise<boolean>,
  ): Promise<number | undefined> => {
    const measured: { eventsPerSecond: number; kept: boolean }[] = [];
    const spikeRate = profile.kind === 'spike' ? Math.max(...rates) : undefined;
    const step = async (rate: number, label: string): Promise<boolean> => {
      const kept = await measure(rate, label, rate === spikeRate ? spikeProbeWaitMs : undefined);
      volumeSamples.push(...(await sampleVolumes(stack.endpoints.projectName)));
      measured.push({ eventsPerSecond: rate, kept });
      return kept;
    };
    let lastGood: number | undefined;
    let firstBroken: number | undefined;
    for (const [index, rate] of rates.entries()) {
      if (!mayContinue()) break;
      if (await step(rate, String(index + 1))) lastGood = rate;
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
      if (await step(rate, `bisect${i}`)) lastGood = rate;
      else firstBroken = rate;
    }
    return profile.kind === 'step-ramp' ? kneeOf(measured) : undefined;
  };
  const measureOne = async (
    signal: LoadSignal,
    protocol: OtlpProtocol,
    eventsPerSecond: number,
    step: string,
    probeWaitMs: number | undefined,
  ): Promise<StepResult> =>
    measureStep({
      ...(probeWaitMs === undefined ? {} : { probeWaitMs }),
      stack: stack.endpoints,
      profile,
      signal,
      protocol,
      // Every step's events carry its name, so each step counts only its own in the stores.
      step,
      eventsPerSecond,
      runId: stack.endpoints.runId,
      containerSamples: sampler.samples,
    });
  const sayResult = (name: string, label: string, result: StepResult): void => {
    const sent = `sent ${result.generator.achievedEventsPerSecond.toLocaleString('en')}/s in ${result.generator.answeredRequestsPerSecond.toLocaleString('en')} requests/s`;
    say(
      `${name} step ${label}: ${sent}, probe p99 ${result.probes.latency.p99Ms} ms, ${result.broken.length === 0 ? 'kept every promise' : `BROKE: ${result.broken.join('; ')}`}`,
    );
  };
  const sayKnee = (name: string, knee: number | undefined, unit: string): void => {
    if (profile.kind === 'step-ramp')
      say(
        `${name}: knee ${knee === undefined ? 'not found (the first step broke)' : `${knee.toLocaleString('en')} ${unit}`}`,
      );
  };

  try {
    const cyclesAtStart = await readStoreCycles(prometheus);
    const { mix } = profile;
    if (mix)
      for (const protocol of profile.protocols) {
        // Every signal at once: a step keeps its promises only if each signal kept its own, and each signal's
        // step states every signal's broken promises, so the one that broke first is named wherever one looks.
        const steps = new Map<LoadSignal, StepResult[]>(profile.signals.map((signal) => [signal, []]));
        const name = `the mix over ${protocol}`;
        const kneeUnits = await runSchedule(mix.unitsPerSecond, async (units, label, probeWaitMs) => {
          say(
            `${name} step ${label}: ${units.toLocaleString('en')} units/s for ${profile.stepSeconds} s | ${elapsed()}`,
          );
          const results = await Promise.all(
            profile.signals.map((signal) =>
              measureOne(
                signal,
                protocol,
                Math.round(units * (mix.eventsPerUnit[signal] as number)),
                `${signal}-${stepSlug[protocol]}-mix-${label}`,
                probeWaitMs,
              ),
            ),
          );
          const broken = results.flatMap((r) => r.broken.map((reason) => `${r.signal}: ${reason}`));
          for (const result of results) {
            steps.get(result.signal)?.push({ ...result, broken });
            sayResult(`${result.signal} in ${name}`, label, result);
          }
          return broken.length === 0;
        });
        sayKnee(name, kneeUnits, 'units/s');
        for (const [signal, list] of steps)
          signals.push({
            signal,
            protocol,
            mixed: true,
            steps: list,
            kneeEventsPerSecond:
              kneeUnits === undefined ? undefined : Math.round(kneeUnits * (mix.eventsPerUnit[signal] as number)),
          });
      }
    // One at a time, each signal over each protocol in turn, so a report shows a signal's encodings side by side.
    else
      for (const signal of profile.signals) {
        for (const protocol of profile.protocols) {
          const steps: StepResult[] = [];
          const name = `${signal} over ${protocol}`;
          const knee = await runSchedule(profile.rates[signal] ?? [], async (eventsPerSecond, label, probeWaitMs) => {
            say(
              `${name} step ${label}: ${eventsPerSecond.toLocaleString('en')} events/s for ${profile.stepSeconds} s | ${elapsed()}`,
            );
            const result = await measureOne(
              signal,
              protocol,
              eventsPerSecond,
              `${signal}-${stepSlug[protocol]}-${label}`,
              probeWaitMs,
            );
            steps.push(result);
            sayResult(name, label, result);
            return result.broken.length === 0;
          });
          sayKnee(name, knee, 'events/s');
          signals.push({ signal, protocol, steps, kneeEventsPerSecond: knee });
        }
      }
    // After the last step's scrape (each step waits for one), so its flushes are counted.
    storeCycles = storeCyclesBetween(cyclesAtStart, await readStoreCycles(prometheus));
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
    volumeSamples,
    findings: runFindings({ profile, signals, containerSamples: sampler.samples, storeCycles }),
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
  // A steady, spike or soak run is a check: one that broke a promise says so in its exit status too.
  const broken = report.findings?.broken ?? [];
  if (broken.length > 0) {
    say(`the run broke ${broken.length} promise${broken.length === 1 ? '' : 's'}:\n  ${broken.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nload: ${error instanceof HarnessError || error instanceof TypeError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
