import { TempoApi } from '../fixtures/signals/tempo-api.ts';
import type { StackEndpoints } from '../fixtures/stack/stack-endpoints.ts';
import { pollUntil } from '../fixtures/poll/poll-until.ts';
import type { SampledTraces } from '../reports/step-report.ts';
import type { LoadShape } from './load-profile.ts';
import { traceIdOf } from './otlp-payload-template.ts';

/** About how many accepted trace requests a step samples: one trace of each is fetched from Tempo by id. */
export const sampledRequestsPerStep = 20;

/**
 * The stored count of traces, as loki-canary's and tempo-vulture's checks go: Tempo has no cheap count of a
 * tenant's spans, so a sample of the step's accepted requests is fetched by trace id (a different trace of each
 * request in turn), until each holds every span the request sent or the wait is over. Loss shows as short traces.
 */
export async function fetchSampledTraces(
  stack: StackEndpoints,
  shape: LoadShape,
  requestIds: readonly bigint[],
  timeoutMs: number,
): Promise<SampledTraces> {
  const tempo = new TempoApi(stack.tempo, stack.tenant);
  const { spansPerRequest, spansPerTrace } = shape.traces;
  const tracesPerRequest = Math.max(1, Math.floor(spansPerRequest / spansPerTrace));
  const ids = requestIds.map((request, i) => traceIdOf(request, i % tracesPerRequest));
  const found = new Map<string, number>();
  await pollUntil(
    async () => {
      for (const id of ids.filter((id) => (found.get(id) ?? 0) < spansPerTrace))
        found.set(id, (await tempo.trace(id))?.length ?? 0);
      const short = ids.filter((id) => (found.get(id) ?? 0) < spansPerTrace).length;
      if (short > 0) throw new Error(`${short} of ${ids.length} sampled traces short of ${spansPerTrace} spans`);
    },
    { what: 'sampled traces in tempo', timeoutMs, minIntervalMs: 1_000, maxIntervalMs: 3_000 },
  );
  const shortIds = ids.filter((id) => (found.get(id) ?? 0) < spansPerTrace);
  return {
    traces: ids.length,
    whole: ids.length - shortIds.length,
    spansExpected: ids.length * spansPerTrace,
    spansFound: ids.reduce((sum, id) => sum + Math.min(found.get(id) ?? 0, spansPerTrace), 0),
    shortIds: shortIds.slice(0, 5),
  };
}
