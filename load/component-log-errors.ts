import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Lines a component logs at warning level or worse, in logfmt (`level=warn`) or JSON (`"level":"error"`). */
const complaint = /\blevel=(warn|warning|error)\b|"level":\s*"(warn|warning|error)"/i;
/** Parts that differ between repeats of the same complaint: timestamps, durations, ids, counts. */
const noise = [
  /\bts=\S+\s*/g,
  /\btime=\S+\s*/g,
  /"(ts|time)":"[^"]*",?/g,
  /\b[0-9a-f]{16,}\b/g,
  /\b\d+(\.\d+)?(ms|s|µs)?\b/g,
];

/**
 * The distinct complaints among a component's log lines, most frequent first, each with how often it came:
 * a broken step's "what came back" from the component's own side.
 */
export function summarizeComplaints(lines: readonly string[], limit = 3): string[] {
  const counts = new Map<string, { example: string; count: number }>();
  for (const line of lines) {
    if (!complaint.test(line)) continue;
    const key = noise.reduce((text, pattern) => text.replace(pattern, ''), line).trim();
    const entry = counts.get(key) ?? { example: line.trim(), count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, limit)
    .map(({ example, count }) => `${count}x ${example.length > 400 ? `${example.slice(0, 400)}…` : example}`);
}

/** What each service complained about between two instants, from `docker logs` of the compose project. */
export async function componentComplaints(
  project: string,
  services: readonly string[],
  sinceMs: number,
  untilMs: number,
): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const service of services) {
    try {
      const { stdout, stderr } = await run(
        'docker',
        [
          'logs',
          '--since',
          (sinceMs / 1000).toFixed(3),
          '--until',
          (untilMs / 1000).toFixed(3),
          `${project}-${service}-1`,
        ],
        { maxBuffer: 64 * 2 ** 20 },
      );
      const complaints = summarizeComplaints(`${stdout}\n${stderr}`.split('\n'));
      if (complaints.length > 0) found[service] = complaints;
    } catch (error) {
      found[service] = [`(logs not read: ${(error as Error).message.split('\n')[0]})`];
    }
  }
  return found;
}
