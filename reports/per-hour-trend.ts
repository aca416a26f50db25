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
