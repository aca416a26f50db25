import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../fixtures/harness-error.ts';
import { type OtlpProtocol, otlpProtocols } from './otlp-transport.ts';

export type LoadSignal = 'logs' | 'traces' | 'metrics';
export const loadSignals: readonly LoadSignal[] = ['logs', 'traces', 'metrics'];

/** What one OTLP request of each signal carries: the knobs that shape the load beyond its rate. */
export interface LoadShape {
  logs: { linesPerRequest: number };
  /** Spans are grouped into traces of `spansPerTrace` (one root, the rest its children). */
  traces: { spansPerRequest: number; spansPerTrace: number };
  /**
   * Gauge points over `series` distinct series (the cardinality), each series written once per `series / rate`
   * seconds. With `churnSeconds`, every series is replaced by a new one that often (0: never).
   */
  metrics: { pointsPerRequest: number; series: number; churnSeconds: number };
}

/**
 * A load profile, read from load/profiles/<name>.json. The schedule is a list of steps (rates are events per
 * second, per signal: log lines, spans or metric points); `step-ramp` also searches for the knee: it stops at
 * the first step that breaks a promise and bisects between the last good rate and that one.
 */
export interface LoadProfile {
  name: string;
  description: string;
  kind: 'steady' | 'step-ramp' | 'spike' | 'soak';
  signals: LoadSignal[];
  /**
   * How the load is sent, by OTEL_EXPORTER_OTLP_PROTOCOL's names: each signal is measured over each in turn.
   * Default: http/protobuf, what the OpenTelemetry SDKs send unless told otherwise.
   */
  protocols: OtlpProtocol[];
  /**
   * Offered rate of each step per signal, events per second. The file gives one list for every signal, or a
   * list per signal (a metric point costs far less than a log line). Requests per second = rate / events per request.
   */
  rates: Partial<Record<LoadSignal, number[]>>;
  /**
   * Mixed load: every signal at once, in set proportions. `eventsPerUnit` is what one unit of load carries of
   * each signal (for example what one instrumented request produces); each step offers `unitsPerSecond[i]`
   * units, so each signal's rate is units x its events per unit, and the step keeps its promises only if every
   * signal does. Absent: the signals run one at a time.
   */
  mix?: { eventsPerUnit: Partial<Record<LoadSignal, number>>; unitsPerSecond: number[] };
  stepSeconds: number;
  /** Bisection steps between the last good and the first broken rate (step-ramp only). */
  bisectSteps: number;
  /** Concurrent clients: requests in flight at once, over all generator workers. */
  clients: number;
  shape: LoadShape;
  /**
   * Promises: per-signal p99 latency of the probe items, and memory per component; with
   * `memoryGrowthBytesPerHour`, a bound on each component's own memory trend after the warm-up (steady runs):
   * its processes' memory, not the page cache of the files it writes (load/run-findings.ts). The warm-up is the
   * first step, or the first `memoryTrendFromSeconds` of the run: a store's working set grows until the first
   * blocks it cut are let go (Tempo keeps a 5-minute block 15 minutes after its flush), which is not a leak.
   */
  budgets: {
    p99Ms: Partial<Record<LoadSignal, number>>;
    memoryBytes: number;
    memoryGrowthBytesPerHour?: number;
    memoryTrendFromSeconds?: number;
  };
  /** The run stops by itself at this bound, finished or not. */
  maxDurationSeconds: number;
}

/** What every event of a step carries, so the step's events can be found and counted. */
export interface StepMark {
  runId: string;
  step: string;
}

/** The knobs of the profile's signals in one line, for the progress output and the reports. */
export function describeShape(profile: LoadProfile): string {
  const { logs, traces, metrics } = profile.shape;
  const parts = [`${profile.clients} clients over ${profile.protocols.join(', ')}`];
  if (profile.mix)
    parts.push(
      `all at once, a unit of load being ${Object.entries(profile.mix.eventsPerUnit)
        .map(
          ([signal, events]) =>
            `${events} ${signal === 'logs' ? 'log lines' : signal === 'traces' ? 'spans' : 'metric points'}`,
        )
        .join(', ')}`,
    );
  if (profile.signals.includes('logs')) parts.push(`logs: ${logs.linesPerRequest} lines per request`);
  if (profile.signals.includes('traces'))
    parts.push(`traces: ${traces.spansPerRequest} spans per request, ${traces.spansPerTrace} per trace`);
  if (profile.signals.includes('metrics')) {
    const churn = metrics.churnSeconds > 0 ? `all replaced every ${metrics.churnSeconds} s` : 'no churn';
    parts.push(
      `metrics: ${metrics.pointsPerRequest} points per request over ${metrics.series.toLocaleString('en')} series, ${churn}`,
    );
  }
  return parts.join('; ');
}

export class LoadProfileError extends HarnessError {
  constructor(file: string, message: string) {
    super('LOAD_PROFILE_INVALID', `${file}: ${message}`);
  }
}

export const profilesDir = fileURLToPath(new URL('./profiles/', import.meta.url));

type Raw = Record<string, unknown>;

/** Parses and checks a profile; every bad field is an error naming it. */
export function parseLoadProfile(text: string, file: string): LoadProfile {
  let raw: Raw;
  try {
    raw = JSON.parse(text) as Raw;
  } catch (error) {
    throw new LoadProfileError(file, `not valid JSON: ${(error as Error).message}`);
  }
  const fail = (field: string, want: string, got: unknown): never => {
    throw new LoadProfileError(file, `${field} must be ${want}, got ${JSON.stringify(got)}`);
  };
  const positive = (field: string, value: unknown, integer = false): number => {
    if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value)))
      fail(field, integer ? 'a positive integer' : 'a positive number', value);
    return value as number;
  };
  /** A field of a nested block, with its default when absent. */
  const knob = (
    block: string,
    field: string,
    fallback: number,
    options: { integer?: boolean; zero?: boolean } = {},
  ): number => {
    const value = (raw[block] as Raw | undefined)?.[field];
    if (value === undefined) return fallback;
    if (options.zero && value === 0) return 0;
    return positive(`${block}.${field}`, value, options.integer);
  };
  // A misspelt knob would otherwise be ignored silently and the run would measure something else.
  const known: Record<string, readonly string[]> = {
    '': [
      'name',
      'description',
      'kind',
      'signals',
      'protocols',
      'rates',
      'mix',
      'stepSeconds',
      'bisectSteps',
      'clients',
      'logs',
      'traces',
      'metrics',
      'budgets',
      'maxDurationSeconds',
    ],
    logs: ['linesPerRequest'],
    traces: ['spansPerRequest', 'spansPerTrace'],
    metrics: ['pointsPerRequest', 'series', 'churnSeconds'],
    budgets: ['p99Ms', 'memoryBytes', 'memoryGrowthBytesPerHour', 'memoryTrendFromSeconds'],
  };
  for (const [block, fields] of Object.entries(known)) {
    const object = block === '' ? raw : raw[block];
    if (object === undefined) continue;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) fail(block, 'an object', object);
    const unknown = Object.keys(object as Raw).filter((key) => !fields.includes(key));
    if (unknown.length > 0)
      throw new LoadProfileError(
        file,
        `unknown field ${unknown.map((k) => (block ? `${block}.${k}` : k)).join(', ')} (known: ${fields.join(', ')})`,
      );
  }
  const kind = raw['kind'];
  if (kind !== 'steady' && kind !== 'step-ramp' && kind !== 'spike' && kind !== 'soak')
    fail('kind', '"steady", "step-ramp", "spike" or "soak"', kind);
  /** A non-empty list of distinct names, each one of `allowed`. */
  const distinctList = <T extends string>(field: string, value: unknown, allowed: readonly T[]): T[] => {
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((v) => allowed.includes(v as T)) ||
      new Set(value).size !== value.length
    )
      fail(field, `a non-empty list of distinct ${allowed.join(', ')}`, value);
    return value as T[];
  };
  const signals = distinctList('signals', raw['signals'], loadSignals);
  const protocols = distinctList('protocols', raw['protocols'] ?? ['http/protobuf'], otlpProtocols);
  const rates: Partial<Record<LoadSignal, number[]>> = {};
  const rateList = (field: string, list: unknown): number[] => {
    if (!Array.isArray(list) || list.length === 0) fail(field, 'a non-empty list of events per second', list);
    return (list as unknown[]).map((r, i) => positive(`${field}[${i}]`, r));
  };
  const rawRates = raw['rates'];
  const rawMix = raw['mix'];
  let mix: LoadProfile['mix'];
  if (rawMix !== undefined) {
    if (typeof rawMix !== 'object' || rawMix === null || Array.isArray(rawMix))
      fail('mix', 'an object of events per unit of load, by signal', rawMix);
    const keys = Object.keys(rawMix as Raw);
    const listed = signals;
    if (keys.length !== listed.length || !listed.every((signal) => keys.includes(signal)))
      fail('mix', `events per unit for exactly the profile's signals (${listed.join(', ')})`, rawMix);
    if (!Array.isArray(rawRates)) fail('rates', 'one list of units of load per second, for a mix', rawRates);
    const eventsPerUnit: Partial<Record<LoadSignal, number>> = {};
    for (const signal of signals as LoadSignal[])
      eventsPerUnit[signal] = positive(`mix.${signal}`, (rawMix as Raw)[signal]);
    mix = { eventsPerUnit, unitsPerSecond: rateList('rates', rawRates) };
  }
  for (const signal of signals as LoadSignal[]) {
    rates[signal] = mix
      ? mix.unitsPerSecond.map((units) => Math.round(units * (mix.eventsPerUnit[signal] as number)))
      : Array.isArray(rawRates)
        ? rateList('rates', rawRates)
        : rateList(`rates.${signal}`, (rawRates as Raw | undefined)?.[signal]);
  }
  const budgets = raw['budgets'] as
    | { p99Ms?: Raw; memoryBytes?: unknown; memoryGrowthBytesPerHour?: unknown; memoryTrendFromSeconds?: unknown }
    | undefined;
  const p99Ms: Partial<Record<LoadSignal, number>> = {};
  for (const signal of signals as LoadSignal[])
    p99Ms[signal] = positive(`budgets.p99Ms.${signal}`, budgets?.p99Ms?.[signal]);
  const shape: LoadShape = {
    logs: { linesPerRequest: knob('logs', 'linesPerRequest', 100, { integer: true }) },
    traces: {
      spansPerRequest: knob('traces', 'spansPerRequest', 100, { integer: true }),
      spansPerTrace: knob('traces', 'spansPerTrace', 10, { integer: true }),
    },
    metrics: {
      pointsPerRequest: knob('metrics', 'pointsPerRequest', 100, { integer: true }),
      series: knob('metrics', 'series', 10_000, { integer: true }),
      churnSeconds: knob('metrics', 'churnSeconds', 0, { zero: true }),
    },
  };
  if (shape.traces.spansPerTrace > shape.traces.spansPerRequest) {
    throw new LoadProfileError(
      file,
      `traces.spansPerTrace (${shape.traces.spansPerTrace}) must not exceed traces.spansPerRequest (${shape.traces.spansPerRequest}): a trace is sent in one request`,
    );
  }
  if (shape.metrics.series < shape.metrics.pointsPerRequest) {
    throw new LoadProfileError(
      file,
      `metrics.series (${shape.metrics.series}) must be at least metrics.pointsPerRequest (${shape.metrics.pointsPerRequest}): a request writes each series once`,
    );
  }
  const profile: LoadProfile = {
    name: typeof raw['name'] === 'string' ? raw['name'] : fail('name', 'a string', raw['name']),
    description: typeof raw['description'] === 'string' ? raw['description'] : '',
    kind: kind as LoadProfile['kind'],
    signals: signals as LoadSignal[],
    protocols: protocols as OtlpProtocol[],
    rates,
    ...(mix ? { mix } : {}),
    stepSeconds: positive('stepSeconds', raw['stepSeconds']),
    bisectSteps:
      kind === 'step-ramp'
        ? raw['bisectSteps'] === undefined
          ? 2
          : positive('bisectSteps', raw['bisectSteps'], true)
        : 0,
    clients: raw['clients'] === undefined ? 16 : positive('clients', raw['clients'], true),
    shape,
    budgets: {
      p99Ms,
      memoryBytes: positive('budgets.memoryBytes', budgets?.memoryBytes),
      ...(budgets?.memoryGrowthBytesPerHour === undefined
        ? {}
        : {
            memoryGrowthBytesPerHour: positive('budgets.memoryGrowthBytesPerHour', budgets.memoryGrowthBytesPerHour),
          }),
      ...(budgets?.memoryTrendFromSeconds === undefined
        ? {}
        : { memoryTrendFromSeconds: positive('budgets.memoryTrendFromSeconds', budgets.memoryTrendFromSeconds) }),
    },
    maxDurationSeconds: positive('maxDurationSeconds', raw['maxDurationSeconds']),
  };
  // A mix's signals share each step's time.
  const planned =
    profile.protocols.length *
    (mix
      ? mix.unitsPerSecond.length * profile.stepSeconds
      : Object.values(rates).reduce((sum, list) => sum + list.length * profile.stepSeconds, 0));
  if (planned > profile.maxDurationSeconds * 2) {
    throw new LoadProfileError(
      file,
      `the steps of all signals take ${planned} s, far past maxDurationSeconds (${profile.maxDurationSeconds} s)`,
    );
  }
  return profile;
}

export function readLoadProfile(name: string): LoadProfile {
  if (!/^[\w-]+$/.test(name))
    throw new TypeError(`--profile: "${name}" is not a profile name (letters, digits, - and _)`);
  const file = join(profilesDir, `${name}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LoadProfileError(file, 'no such profile (see load/profiles/)');
  }
  return parseLoadProfile(text, file);
}
