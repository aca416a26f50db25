import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { componentSteps } from '../fixtures/images/run-step.ts';
import { pinned, readStackVersions } from '../fixtures/stack/stack-versions.ts';
import { harnessCacheDir } from '../fixtures/stack/stack-paths.ts';

/**
 * telemetrygen, the OpenTelemetry Collector's own load generator, at the version stack/versions.env pins:
 * built once with the host's Go through its module proxy into the harness cache, then reused.
 */
export async function telemetrygenBinary(log: (line: string) => void): Promise<{ path: string; module: string }> {
  const module = pinned(readStackVersions(), 'TELEMETRYGEN_GO_MODULE');
  const version = module.slice(module.lastIndexOf('@') + 1);
  const cacheDir = harnessCacheDir();
  const binDir = join(cacheDir, 'go-bin', `telemetrygen-${version}`);
  const path = join(binDir, 'telemetrygen');
  if (existsSync(path)) return { path, module };
  log(`building ${module} with the host's Go (once; kept in ${binDir})`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOBIN: binDir,
    GOMODCACHE: join(cacheDir, 'go', 'mod'),
    GOCACHE: join(cacheDir, 'go', 'build'),
    GOTOOLCHAIN: 'local',
    GOFLAGS: '',
    CGO_ENABLED: '0',
  };
  const logDir = join(cacheDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  await componentSteps('telemetrygen', env, logDir)('go install', 'go', ['install', module], cacheDir);
  return { path, module };
}
