import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLoadProfile, profilesDir, readLoadProfile } from './load-profile.ts';

const valid = {
  name: 't',
  kind: 'step-ramp',
  signals: ['logs', 'traces'],
  rates: [100, 200],
  stepSeconds: 10,
  clients: 4,
  logs: { linesPerRequest: 50 },
  budgets: { p99Ms: { logs: 5000, traces: 5000 }, memoryBytes: 1e9 },
  maxDurationSeconds: 120,
};

describe('parseLoadProfile', () => {
  it('reads a valid profile with its defaults', () => {
    const profile = parseLoadProfile(JSON.stringify(valid), 'p.json');
    expect(profile).toMatchObject({
      kind: 'step-ramp',
      bisectSteps: 2,
      clients: 4,
      protocols: ['http/protobuf'],
      rates: { logs: [100, 200], traces: [100, 200] },
    });
    expect(profile.shape).toEqual({
      logs: { linesPerRequest: 50 },
      traces: { spansPerRequest: 100, spansPerTrace: 10 },
      metrics: { pointsPerRequest: 100, series: 10_000, churnSeconds: 0 },
    });
  });

  it('names the bad field', () => {
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, kind: 'ramp' }), 'p.json')).toThrow(
      /p\.json: kind must be/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, rates: [100, -1] }), 'p.json')).toThrow(
      /rates\[1\] must be a positive number/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, rates: { logs: [100] } }), 'p.json')).toThrow(
      /rates\.traces must be a non-empty list/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, signals: ['events'] }), 'p.json')).toThrow(
      /signals must be/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, signals: ['logs', 'logs'] }), 'p.json')).toThrow(
      /signals must be/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, metrics: { series: 0 } }), 'p.json')).toThrow(
      /metrics\.series must be a positive integer, got 0/,
    );
    expect(() =>
      parseLoadProfile(JSON.stringify({ ...valid, budgets: { p99Ms: { logs: 1 }, memoryBytes: 1 } }), 'p.json'),
    ).toThrow(/budgets\.p99Ms\.traces/);
    expect(() =>
      parseLoadProfile(JSON.stringify({ ...valid, protocols: ['http/protobuf', 'grpcs'] }), 'p.json'),
    ).toThrow(
      /protocols must be a non-empty list of distinct http\/protobuf, grpc, http\/json, got \["http\/protobuf","grpcs"\]/,
    );
    expect(() => parseLoadProfile('{', 'p.json')).toThrow(/not valid JSON/);
  });

  it('takes a list of rates per signal', () => {
    const profile = parseLoadProfile(JSON.stringify({ ...valid, rates: { logs: [1], traces: [2, 3] } }), 'p.json');
    expect(profile.rates).toEqual({ logs: [1], traces: [2, 3] });
  });

  it('reads a mix: rates in units of load, each signal at its share', () => {
    const profile = parseLoadProfile(JSON.stringify({ ...valid, mix: { logs: 4, traces: 10 } }), 'p.json');
    expect(profile.mix).toEqual({ eventsPerUnit: { logs: 4, traces: 10 }, unitsPerSecond: [100, 200] });
    expect(profile.rates).toEqual({ logs: [400, 800], traces: [1000, 2000] });
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, mix: { logs: 4 } }), 'p.json')).toThrow(
      /mix must be events per unit for exactly the profile's signals \(logs, traces\), got \{"logs":4\}/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, mix: { logs: 4, traces: 0 } }), 'p.json')).toThrow(
      /mix\.traces must be a positive number, got 0/,
    );
    expect(() =>
      parseLoadProfile(
        JSON.stringify({ ...valid, mix: { logs: 4, traces: 10 }, rates: { logs: [1], traces: [1] } }),
        'p.json',
      ),
    ).toThrow(/rates must be one list of units of load per second, for a mix/);
  });

  it('refuses a misspelt knob instead of ignoring it', () => {
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, batchSize: 100 }), 'p.json')).toThrow(
      /unknown field batchSize/,
    );
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, traces: { spansPerTrce: 5 } }), 'p.json')).toThrow(
      /unknown field traces\.spansPerTrce \(known: spansPerRequest, spansPerTrace\)/,
    );
  });

  it('refuses shapes the generator cannot send', () => {
    expect(() =>
      parseLoadProfile(JSON.stringify({ ...valid, traces: { spansPerRequest: 10, spansPerTrace: 20 } }), 'p.json'),
    ).toThrow(/a trace is sent in one request/);
    expect(() =>
      parseLoadProfile(JSON.stringify({ ...valid, metrics: { pointsPerRequest: 500, series: 100 } }), 'p.json'),
    ).toThrow(/writes each series once/);
  });

  it('refuses a schedule far longer than its time bound', () => {
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, rates: Array(50).fill(10) }), 'p.json')).toThrow(
      /far past maxDurationSeconds/,
    );
  });

  it('rejects a profile name that could reach outside load/profiles', () => {
    expect(() => readLoadProfile('../package')).toThrow(TypeError);
  });

  it('every shipped profile is valid', () => {
    for (const file of readdirSync(profilesDir).filter((f) => f.endsWith('.json'))) {
      expect(() => readLoadProfile(file.replace(/\.json$/, '')), file).not.toThrow();
    }
  });
});
