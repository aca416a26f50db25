import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseBytes } from './container-stats.ts';

const run = promisify(execFile);

/** The size of one of a compose project's volumes at one instant (the engine's own figure). */
export interface VolumeSample {
  atMs: number;
  /** The compose volume: `loki-data`. */
  volume: string;
  bytes: number;
}

/** `docker system df -v --format '{{json .Volumes}}'` -> the project's volumes, by compose name. */
export function parseVolumes(json: string, project: string, atMs: number): VolumeSample[] {
  const volumes = JSON.parse(json) as { Name: string; Labels: string; Size: string }[] | null;
  const samples: VolumeSample[] = [];
  for (const volume of volumes ?? []) {
    const labels = new Map(volume.Labels.split(',').map((pair) => pair.split('=', 2) as [string, string | undefined]));
    const name = labels.get('com.docker.compose.volume');
    if (labels.get('com.docker.compose.project') !== project || !name || volume.Size === 'N/A') continue;
    samples.push({ atMs, volume: name, bytes: parseBytes(volume.Size) });
  }
  return samples;
}

/** The sizes of a compose project's volumes now; none when the engine would not say (a gap, not a failure). */
export async function sampleVolumes(project: string): Promise<VolumeSample[]> {
  const atMs = Date.now();
  try {
    const { stdout } = await run('docker', ['system', 'df', '-v', '--format', '{{json .Volumes}}']);
    return parseVolumes(stdout.trim(), project, atMs);
  } catch {
    return [];
  }
}
