/**
 * npm run stack:up
 *
 * npm run stack:up -- --backends   (also publish the backends' APIs on 127.0.0.1: stack/compose.backends.yaml)
 * npm run stack:up -- --journal   (Alloy also reads the host's systemd journal: stack/compose.journal.yaml)
 * npm run stack:up -- --container-logs   (and the stack's containers' output, through the engine's socket:
 *   stack/compose.containers.yaml; whoever holds that socket is root on the host. With --pipeline otelcol, from
 *   the engine's log files, by a reader running as root: stack/compose.otelcol-containers.yaml)
 * npm run stack:up -- --pipeline otelcol   (the OpenTelemetry Collector in Alloy's place: stack/compose.otelcol.yaml)
 *
 * Starts the stack for a person to use (compose project "obs-stack", data kept in named volumes across
 * restarts), waits until every component is healthy, and prints where each one answers and where Grafana's
 * admin password is. Its secrets are files in ~/.cache/obs-harness/stack-up/ (a 0700 directory), made once and
 * kept; GRAFANA_ADMIN_PASSWORD, when set, replaces the stored password. A component whose image has no web UI
 * (a local build) is marked API only; for Grafana, what does work through its API is printed too.
 * Stop it with `npm run stack:down` (add `-- --volumes` to delete its data too).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertDockerAvailable } from '../fixtures/docker/docker-cli.ts';
import { dockerSocketGid } from '../fixtures/docker/docker-socket.ts';
import { engineContainersDir } from '../fixtures/docker/engine-containers-dir.ts';
import { HarnessError } from '../fixtures/harness-error.ts';
import { stackSecrets } from '../fixtures/stack/stack-secrets.ts';
import { migrateVolumeOwners } from '../fixtures/stack/volume-owners.ts';
import { servicePorts } from '../fixtures/stack/stack-endpoints.ts';
import {
  type LogSource,
  logSourceOverlaysOf,
  type Pipeline,
  pipelineShapes,
  pipelineUnderTest,
} from '../fixtures/stack/pipeline.ts';
import { stackComponents } from '../fixtures/stack/stack-components.ts';
import { composeImageVariables, resolveStackImages } from '../fixtures/stack/stack-images.ts';
import { composeFileName, harnessCacheDir, stackDir } from '../fixtures/stack/stack-paths.ts';
import { readStackVersions } from '../fixtures/stack/stack-versions.ts';

const project = 'obs-stack';

interface StackUrl {
  name: string;
  url: string;
  /** The page a browser opens first, when the component has a web UI. */
  uiPath?: string;
  note?: string;
}

/**
 * Whether a browser would see a page: an image built without its web UI bundle answers 404, or 200 with an
 * empty body (Grafana's /login), where the official image serves its UI.
 */
async function servesWebUi(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return response.ok && (await response.text()).trim() !== '';
  } catch {
    return false;
  }
}

/** The dashboards Grafana provisions, from their files (the one place their uids are written). */
function provisionedDashboards(): { uid: string; title: string }[] {
  const dir = join(stackDir, 'grafana', 'dashboards');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { uid: string; title: string });
}

async function main(): Promise<void> {
  await assertDockerAvailable();
  const pipelineFlag = process.argv.indexOf('--pipeline');
  const pipeline = pipelineUnderTest(
    pipelineFlag < 0 ? {} : { OBS_HARNESS_PIPELINE: process.argv[pipelineFlag + 1] ?? '(no value)' },
  );
  const shape = pipelineShapes[pipeline];
  const images = await resolveStackImages(readStackVersions(), [...stackComponents, ...shape.images]);
  const secretsDir = join(harnessCacheDir(), 'stack-up');
  const secrets = stackSecrets(secretsDir, process.env['GRAFANA_ADMIN_PASSWORD'] || undefined);
  const file = secrets.composeVariables.GRAFANA_ADMIN_PASSWORD_FILE;
  const env = { ...process.env, ...composeImageVariables(images), ...secrets.composeVariables };
  const backends = process.argv.includes('--backends');
  const logSources = optInLogSources(pipeline, env);
  const compose = [
    'compose',
    '-f',
    join(stackDir, composeFileName),
    ...shape.stackOverlays.flatMap((overlay) => ['-f', join(stackDir, overlay)]),
    ...(backends ? ['-f', join(stackDir, 'compose.backends.yaml')] : []),
    ...logSources.flatMap((overlay) => ['-f', join(stackDir, overlay)]),
    '-p',
    project,
  ];

  // A stack made by an older release keeps its data: a volume whose service now runs as another user is given to it.
  const migrated = await migrateVolumeOwners(
    project,
    (service) => images.find((i) => i.component === service)?.image ?? service,
    (line) => process.stdout.write(`${line}\n`),
  );
  if (migrated.length > 0)
    spawnSync('docker', [...compose, 'rm', '--stop', '--force', ...migrated], { env, stdio: 'inherit' });
  const up = spawnSync('docker', [...compose, 'up', '--detach', '--wait', '--wait-timeout', '300'], {
    env,
    stdio: 'inherit',
  });
  if (up.status !== 0) {
    throw new HarnessError(
      'STACK_UP_FAILED',
      `docker compose up exited with ${up.status}; see \`docker compose -p ${project} logs\``,
    );
  }
  const hostPort = (service: string, port: number): string =>
    execFileSync('docker', [...compose, 'port', service, String(port)], { env, encoding: 'utf8' }).trim();
  const grafana = `http://${hostPort('grafana', servicePorts.grafana)}`;
  const rows: StackUrl[] = [
    { name: 'Grafana', url: grafana, uiPath: '/login', note: `user admin, password in ${file}` },
    { name: 'OTLP gRPC', url: hostPort(shape.service, servicePorts.otlpGrpc) },
    { name: 'OTLP HTTP', url: `http://${hostPort(shape.service, servicePorts.otlpHttp)}` },
  ];
  if (backends)
    rows.push(
      { name: 'Prometheus', url: `http://${hostPort('prometheus', servicePorts.prometheus)}`, uiPath: '/query' },
      { name: 'Alertmanager', url: `http://${hostPort('alertmanager', servicePorts.alertmanager)}`, uiPath: '/' },
      { name: 'Loki', url: `http://${hostPort('loki', servicePorts.loki)}`, note: 'API only' },
      { name: 'Tempo', url: `http://${hostPort('tempo', servicePorts.tempo)}`, note: 'API only' },
    );
  if (backends && pipeline === 'alloy')
    rows.push({ name: 'Alloy', url: `http://${hostPort('alloy', servicePorts.alloy)}`, uiPath: '/' });
  // Whether a web UI is there is asked of the running component, not assumed from where its image came from.
  const blank = new Set<string>();
  for (const row of rows) if (row.uiPath && !(await servesWebUi(row.url + row.uiPath))) blank.add(row.name);

  process.stdout.write(`\nThe stack is up (compose project ${project}):\n`);
  for (const row of rows) {
    const notes = [
      ...(blank.has(row.name) ? ['no web UI in this build: API only'] : []),
      ...(row.note ? [row.note] : []),
    ];
    const line = `  ${row.name.padEnd(14)}${row.url.padEnd(26)}${notes.join('; ')}`;
    process.stdout.write(`${line.trimEnd()}\n`);
  }
  if (blank.has('Grafana')) {
    const source = images.find((i) => i.component === 'grafana')?.source === 'local' ? ' (built here)' : '';
    const auth = `"admin:$(cat ${file})"`;
    process.stdout.write(
      `\nGrafana's image${source} has no web UI: ${grafana} opens a blank page in a browser.\n` +
        'Its HTTP API works, datasources and dashboards included, with the admin password:\n' +
        `  curl -u ${auth} ${grafana}/api/search\n`,
    );
    for (const dashboard of provisionedDashboards()) {
      process.stdout.write(`  curl -u ${auth} ${grafana}/api/dashboards/uid/${dashboard.uid}   # ${dashboard.title}\n`);
    }
  }
  if (!backends)
    process.stdout.write(
      "\nPrometheus, Alertmanager, Loki, Tempo and Alloy answer on the stack's network only (Grafana queries them);\n" +
        'to publish their APIs on 127.0.0.1 as well: npm run stack:up -- --backends\n',
    );
  process.stdout.write('\nStop it with: npm run stack:down   (add -- --volumes to delete its data)\n');
}

/**
 * The opt-in log sources asked for (--journal, --container-logs), as the pipeline's overlays, with the group ids
 * they need put in `env`: the host's systemd-journal group, the engine socket's group.
 */
function optInLogSources(pipeline: Pipeline, env: NodeJS.ProcessEnv): string[] {
  const sources: LogSource[] = [];
  if (process.argv.includes('--journal')) sources.push('journal');
  if (process.argv.includes('--container-logs')) sources.push('containers');
  const overlays = logSourceOverlaysOf(pipeline, sources);
  if (sources.includes('journal')) env['JOURNAL_GID'] ??= groupId('systemd-journal');
  // Alloy reads the engine's logs through its socket; the collector's reader reads the engine's log files.
  if (sources.includes('containers') && pipeline === 'alloy') env['DOCKER_GID'] ??= dockerSocketGid();
  if (sources.includes('containers') && pipeline === 'otelcol') env['DOCKER_CONTAINERS_DIR'] ??= engineContainersDir();
  return overlays;
}

function groupId(group: string): string {
  const entry = spawnSync('getent', ['group', group], { encoding: 'utf8' });
  const gid = entry.stdout.split(':')[2];
  if (entry.status !== 0 || !gid)
    throw new HarnessError(
      'NO_JOURNAL_GROUP',
      `--journal: this host has no ${group} group (does it run systemd's journald?); set JOURNAL_GID to the group that may read the journal`,
    );
  return gid;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nstack:up: ${error instanceof HarnessError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
