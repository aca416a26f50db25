import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../fixtures/harness-error.ts';

export type LoadSignal = 'logs' | 'traces';
export const loadSignals: readonly LoadSignal[] = ['logs', 'traces'];

/**
 * A load profile, read from load/profiles/<name>.json. The schedule is a list of steps (rates are events per
 * second, per signal); `step-ramp` also searches for the knee: it stops at the first step that breaks a promise
 * and bisects between the last good rate and that one.
 */
export interface LoadProfile {
  name: string;
  description: string;
  kind: 'steady' | 'step-ramp' | 'spike' | 'soak';
  signals: LoadSignal[];
  /** Offered rate of each step, events per second per signal. */
  rates: number[];
  stepSeconds: number;
  /** Bisection steps between the last good and the first broken rate (step-ramp only). */
  bisectSteps: number;
  /** Events per OTLP request: log lines per request, spans per request. */
  batchSize: number;
  /** Concurrent requests per generator worker. */
  connections: number;
  /** Promises: per-signal p99 latency of the probe items, and memory per component. */
  budgets: { p99Ms: Record<LoadSignal, number>; memoryBytes: number };
  /** The run stops by itself at this bound, finished or not. */
  maxDurationSeconds: number;
}

export class LoadProfileError extends HarnessError {
  constructor(file: string, message: string) {
    super('LOAD_PROFILE_INVALID', `${file}: ${message}`);
  }
}

export const profilesDir = fileURLToPath(new URL('./profiles/', import.meta.url));

/** Parses and checks a profile; every bad field is an error naming it. */
export function parseLoadProfile(text: string, file: string): LoadProfile {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new LoadProfileError(file, `not valid JSON: ${(error as Error).message}`);
  }
  const fail = (field: string, want: string): never => {
    throw new LoadProfileError(file, `${field} must be ${want}, got ${JSON.stringify(raw[field] ?? (raw as Record<string, unknown>)[field])}`);
  };
  const positive = (field: string, value: unknown, integer = false): number => {
    if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) fail(field, integer ? 'a positive integer' : 'a positive number');
    return value as number;
  };
  const kind = raw['kind'];
  if (kind !== 'steady' && kind !== 'step-ramp' && kind !== 'spike' && kind !== 'soak') fail('kind', '"steady", "step-ramp", "spike" or "soak"');
  const signals = raw['signals'];
  if (!Array.isArray(signals) || signals.length === 0 || !signals.every((s) => loadSignals.includes(s as LoadSignal))) fail('signals', `a non-empty list of ${loadSignals.join(', ')}`);
  const rates = raw['rates'];
  if (!Array.isArray(rates) || rates.length === 0) fail('rates', 'a non-empty list of events per second');
  (rates as unknown[]).forEach((r, i) => positive(`rates[${i}]`, r));
  const budgets = raw['budgets'] as { p99Ms?: Record<string, unknown>; memoryBytes?: unknown } | undefined;
  const p99Ms = {} as Record<LoadSignal, number>;
  for (const signal of signals as LoadSignal[]) p99Ms[signal] = positive(`budgets.p99Ms.${signal}`, budgets?.p99Ms?.[signal]);
  const profile: LoadProfile = {
    name: typeof raw['name'] === 'string' ? raw['name'] : fail('name', 'a string'),
    description: typeof raw['description'] === 'string' ? raw['description'] : '',
    kind: kind as LoadProfile['kind'],
    signals: signals as LoadSignal[],
    rates: rates as number[],
    stepSeconds: positive('stepSeconds', raw['stepSeconds']),
    bisectSteps: kind === 'step-ramp' ? (raw['bisectSteps'] === undefined ? 2 : positive('bisectSteps', raw['bisectSteps'], true)) : 0,
    batchSize: positive('batchSize', raw['batchSize'], true),
    connections: raw['connections'] === undefined ? 8 : positive('connections', raw['connections'], true),
    budgets: { p99Ms, memoryBytes: positive('budgets.memoryBytes', budgets?.memoryBytes) },
    maxDurationSeconds: positive('maxDurationSeconds', raw['maxDurationSeconds']),
  };
  const planned = profile.rates.length * profile.stepSeconds * profile.signals.length;
  if (planned > profile.maxDurationSeconds * 2) {
    throw new LoadProfileError(file, `rates x stepSeconds x signals (${planned} s) is far past maxDurationSeconds (${profile.maxDurationSeconds} s)`);
  }
  return profile;
}

export function readLoadProfile(name: string): LoadProfile {
  if (!/^[\w-]+$/.test(name)) throw new TypeError(`--profile: "${name}" is not a profile name (letters, digits, - and _)`);
  const file = join(profilesDir, `${name}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LoadProfileError(file, 'no such profile (see load/profiles/)');
  }
  return parseLoadProfile(text, file);
}
