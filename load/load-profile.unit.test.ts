import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLoadProfile, profilesDir, readLoadProfile } from './load-profile.ts';

const valid = {
  name: 't',
  kind: 'step-ramp',
  signals: ['logs', 'traces'],
  rates: [100, 200],
  stepSeconds: 10,
  batchSize: 50,
  budgets: { p99Ms: { logs: 5000, traces: 5000 }, memoryBytes: 1e9 },
  maxDurationSeconds: 120,
};

describe('parseLoadProfile', () => {
  it('reads a valid profile with its defaults', () => {
    const profile = parseLoadProfile(JSON.stringify(valid), 'p.json');
    expect(profile).toMatchObject({ kind: 'step-ramp', bisectSteps: 2, connections: 8, rates: [100, 200] });
  });

  it('names the bad field', () => {
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, kind: 'ramp' }), 'p.json')).toThrow(/p\.json: kind must be/);
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, rates: [100, -1] }), 'p.json')).toThrow(/rates\[1\] must be a positive number/);
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, signals: ['metrics'] }), 'p.json')).toThrow(/signals must be/);
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, budgets: { p99Ms: { logs: 1 }, memoryBytes: 1 } }), 'p.json')).toThrow(/budgets\.p99Ms\.traces/);
    expect(() => parseLoadProfile('{', 'p.json')).toThrow(/not valid JSON/);
  });

  it('refuses a schedule far longer than its time bound', () => {
    expect(() => parseLoadProfile(JSON.stringify({ ...valid, rates: Array(50).fill(10) }), 'p.json')).toThrow(/far past maxDurationSeconds/);
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
