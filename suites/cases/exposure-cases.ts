import { servicePorts } from '../../fixtures/stack/stack-endpoints.ts';
import type { StackComponent } from '../../fixtures/stack/stack-components.ts';

/**
 * One request someone could make of the shipped stack, and what the stack must do with it. `from: 'host'` asks
 * through what compose publishes on this host; `from: 'network'` asks as a neighbouring container on the
 * stack's own network would. `unreachable`: the host has no way to the port at all (it is not published).
 */
export interface ExposureCase {
  name: string;
  from: 'host' | 'network';
  service: StackComponent;
  port: number;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
  headers?: Record<string, string>;
  expect: { status: readonly number[] } | 'unreachable';
  why: string;
}

const json = { 'content-type': 'application/json' };

/** A backend's dangerous request, which the host must not be able to make at all. */
const unreachableFromHost = (
  service: StackComponent,
  port: number,
  method: ExposureCase['method'],
  path: string,
  why: string,
): ExposureCase => ({
  name: `${service} ${method} ${path}`,
  from: 'host',
  service,
  port,
  method,
  path,
  expect: 'unreachable',
  why,
});

export const exposureCases: readonly ExposureCase[] = [
  // What users reach, and only with their credentials.
  {
    name: 'grafana answers its health check',
    from: 'host',
    service: 'grafana',
    port: servicePorts.grafana,
    method: 'GET',
    path: '/api/health',
    expect: { status: [200] },
    why: 'Grafana is where people look',
  },
  {
    name: "grafana's admin settings need credentials",
    from: 'host',
    service: 'grafana',
    port: servicePorts.grafana,
    method: 'GET',
    path: '/api/admin/settings',
    expect: { status: [401] },
    why: 'anonymous access is off',
  },
  {
    name: "grafana's datasources need credentials",
    from: 'host',
    service: 'grafana',
    port: servicePorts.grafana,
    method: 'GET',
    path: '/api/datasources',
    expect: { status: [401] },
    why: 'a datasource list tells an attacker where every backend is',
  },
  {
    name: 'OTLP/HTTP ingest takes an (empty) export',
    from: 'host',
    service: 'alloy',
    port: servicePorts.otlpHttp,
    method: 'POST',
    path: '/v1/logs',
    body: '{}',
    headers: json,
    expect: { status: [200] },
    why: "users' applications send here",
  },
  // The backends' dangerous requests: none reachable from the host.
  unreachableFromHost('prometheus', servicePorts.prometheus, 'POST', '/-/quit', 'stops Prometheus'),
  unreachableFromHost(
    'prometheus',
    servicePorts.prometheus,
    'POST',
    '/api/v1/admin/tsdb/delete_series',
    'deletes metrics',
  ),
  unreachableFromHost('alertmanager', servicePorts.alertmanager, 'POST', '/api/v2/silences', 'silences any alert'),
  unreachableFromHost('loki', servicePorts.loki, 'POST', '/flush', "flushes Loki's ingesters"),
  unreachableFromHost('loki', servicePorts.loki, 'POST', '/ingester/shutdown', "stops Loki's ingester"),
  unreachableFromHost('tempo', servicePorts.tempo, 'POST', '/flush', "flushes Tempo's ingester"),
  unreachableFromHost('tempo', servicePorts.tempo, 'POST', '/shutdown', "stops Tempo's ingester"),
  unreachableFromHost('alloy', servicePorts.alloy, 'POST', '/-/reload', "reloads Alloy's configuration"),
  // Lifecycle endpoints off even for a neighbour on the stack's network.
  {
    name: 'prometheus refuses /-/quit on its own network',
    from: 'network',
    service: 'prometheus',
    port: servicePorts.prometheus,
    method: 'POST',
    path: '/-/quit',
    expect: { status: [403] },
    why: 'the lifecycle API is off (no --web.enable-lifecycle)',
  },
  {
    name: 'prometheus refuses /-/reload on its own network',
    from: 'network',
    service: 'prometheus',
    port: servicePorts.prometheus,
    method: 'POST',
    path: '/-/reload',
    expect: { status: [403] },
    why: 'the lifecycle API is off; reload with SIGHUP',
  },
];
