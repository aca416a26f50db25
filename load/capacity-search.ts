/**
 * The capacity search's decisions, apart from the measuring: which rate to try next, and where the knee is.
 * Rates climb the profile's steps until one breaks a promise, then bisect (geometrically, since rates grow by
 * factors) between the last rate that kept every promise and the first that broke one.
 */
export interface MeasuredRate {
  eventsPerSecond: number;
  kept: boolean;
}

export function bisectRate(lastGood: number | undefined, firstBroken: number): number {
  return Math.round(lastGood === undefined ? firstBroken / 2 : Math.sqrt(lastGood * firstBroken));
}

/** The highest rate that kept every promise, provided no lower rate broke one; undefined if none did. */
export function kneeOf(measured: readonly MeasuredRate[]): number | undefined {
  const sorted = [...measured].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  let knee: number | undefined;
  for (const m of sorted) {
    if (!m.kept) break;
    knee = m.eventsPerSecond;
  }
  return knee;
}
