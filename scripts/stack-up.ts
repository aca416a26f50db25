/**
 * npm run stack:up
 *
 * Starts the stack for a person to use (compose project "obs-stack", data kept in named volumes across
 * restarts), waits until every component is healthy, and prints where each one answers.
 * Stop it with `npm run stack:down` (add `-- --volumes` to delete its data too).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertDockerAvailable } from '../fixtures/docker/docker-cli.ts';
import { HarnessError } from '../fixtures/harness-error.ts';
import { grafanaAdminPassword } from '../fixtures/stack/grafana-admin-password.ts';
import { servicePorts } from '../fixtures/stack/stack-endpoints.ts';
import { composeImageVariables, resolveStackImages } from '../fixtures/stack/stack-images.ts';
import { composeFileName, stackDir } from '../fixtures/stack/stack-paths.ts';
import { readStackVersions } from '../fixtures/stack/stack-versions.ts';

const project = 'obs-stack';

async function main(): Promise<void> {
  await assertDockerAvailable();
  const images = await resolveStackImages(readStackVersions());
  const { password, file } = grafanaAdminPassword();
  const env = { ...process.env, ...composeImageVariables(images), GRAFANA_ADMIN_PASSWORD: password };
  const compose = ['compose', '-f', join(stackDir, composeFileName), '-p', project];

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
  const rows: [string, string][] = [
    [
      'Grafana',
      `http://${hostPort('grafana', servicePorts.grafana)}  (user admin, password ${file ? `in ${file}` : 'from GRAFANA_ADMIN_PASSWORD'})`,
    ],
    ['Prometheus', `http://${hostPort('prometheus', servicePorts.prometheus)}`],
    ['Alertmanager', `http://${hostPort('alertmanager', servicePorts.alertmanager)}`],
    ['Loki', `http://${hostPort('loki', servicePorts.loki)}`],
    ['Tempo', `http://${hostPort('tempo', servicePorts.tempo)}`],
    ['Alloy UI/API', `http://${hostPort('alloy', servicePorts.alloy)}`],
    ['OTLP gRPC', hostPort('alloy', servicePorts.otlpGrpc)],
    ['OTLP HTTP', `http://${hostPort('alloy', servicePorts.otlpHttp)}`],
  ];
  process.stdout.write(`\nThe stack is up (compose project ${project}):\n`);
  for (const [name, where] of rows) process.stdout.write(`  ${name.padEnd(14)}${where}\n`);
  process.stdout.write('\nStop it with: npm run stack:down   (add -- --volumes to delete its data)\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nstack:up: ${error instanceof HarnessError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
