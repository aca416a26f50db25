/**
 * How fast a quantity grew over a run, per hour: the least-squares slope through its samples, so one spike or
 * one garbage collection does not pass for a trend. Undefined with fewer than two samples or under a minute
 * of them, where a slope says nothing.
 */
export function perHourTrend(points: readonly { atMs: number; value: number }[]): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0]?.atMs ?? 0;
  const span = Math.max(...points.map((p) => p.atMs)) - Math.min(...points.map((p) => p.atMs));
  if (span < 60_000) return undefined;
  const hours = points.map((p) => (p.atMs - first) / 3_600_000);
  const meanX = hours.reduce((a, b) => a + b, 0) / points.length;
  const meanY = points.reduce((a, p) => a + p.value, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  points.forEach((p, i) => {
    const dx = (hours[i] as number) - meanX;
    covariance += dx * (p.value - meanY);
    variance += dx * dx;
  });
  return covariance / variance;
}

/**
 * How fast a quantity's level grew over a run, per hour, robust to excursions: the Theil–Sen slope (the median
 * of the slopes between every pair of points), which a few points far off the line do not move. A memory trend
 * is read from it: a store compacting for a whole minute holds that minute's lowest sample 700 MiB up. In a
 * steady run, one such minute of Tempo's and a cut-short last one made a least-squares slope of 451 MiB an hour
 * where the other fourteen lay flat (their Theil–Sen slope: 76 MiB).
 * Undefined where `perHourTrend` is.
 */
export function robustPerHourTrend(points: readonly { atMs: number; value: number }[]): number | undefined {
  if (perHourTrend(points) === undefined) return undefined;
  const slopes: number[] = [];
  points.forEach((a, i) => {
    for (const b of points.slice(i + 1))
      if (b.atMs !== a.atMs) slopes.push(((b.value - a.value) / (b.atMs - a.atMs)) * 3_600_000);
  });
  slopes.sort((x, y) => x - y);
  const middle = Math.floor(slopes.length / 2);
  return slopes.length % 2 === 1
    ? (slopes[middle] as number)
    : ((slopes[middle - 1] as number) + (slopes[middle] as number)) / 2;
}
