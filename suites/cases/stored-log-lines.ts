import type { DeliveryLookup } from '../../fixtures/delivery/delivery-case.ts';
import type { StoredLogLine } from '../../fixtures/signals/loki-api.ts';

/**
 * How a case whose items are whole log lines finds them in Loki: the lines its selector picks for the run, each
 * keyed by its text, compared on its text, time and labels. The file, journal and container-log cases share it.
 */
export function storedLogLines(
  selectorOf: (runId: string) => string,
): Pick<DeliveryLookup<StoredLogLine>, 'lookup' | 'fields'> {
  return {
    async lookup({ clients, runId, sinceMs }) {
      return (await clients.loki.queryRange(selectorOf(runId), sinceMs - 60_000, Date.now() + 1_000)).map((record) => ({
        key: record.line,
        record,
      }));
    },
    fields: (record) => ({ line: record.line, timestampNs: record.timestampNs, labels: record.labels }),
  };
}
