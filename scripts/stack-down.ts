/**
 * npm run stack:down [-- --volumes]
 *
 * Stops the stack that `npm run stack:up` started. Its data volumes are kept unless --volumes is given.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { composeFileName, stackDir } from '../fixtures/stack/stack-paths.ts';

const { values } = parseArgs({ options: { volumes: { type: 'boolean', default: false } } });
// Compose needs every variable the file names, even to stop; the secrets' files do not matter for `down`.
const env = { GRAFANA_ADMIN_PASSWORD_FILE: '/dev/null', GRAFANA_SECRET_KEY_FILE: '/dev/null', ...process.env };
const args = [
  'compose',
  '-f',
  join(stackDir, composeFileName),
  '-p',
  'obs-stack',
  'down',
  // Also the collector of the otelcol variant (stack:up -- --pipeline otelcol), which this file does not name.
  '--remove-orphans',
  ...(values.volumes ? ['--volumes'] : []),
];
const result = spawnSync('docker', args, { env, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
