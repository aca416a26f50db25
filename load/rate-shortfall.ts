/**
 * How far the rate a step really sent may fall short of the rate it offered and still count as that rate. A step
 * that sent less has not been measured at its offered rate: its knee would read higher than the stack took.
 */
export const achievedRateTolerance = 0.02;

/** The broken promise when a step sent too little (undefined when it kept its rate): what was offered and sent. */
export function rateShortfall(
  offeredPerSecond: number,
  achievedPerSecond: number,
  tolerance = achievedRateTolerance,
): string | undefined {
  if (achievedPerSecond >= offeredPerSecond * (1 - tolerance)) return undefined;
  const short = ((1 - achievedPerSecond / offeredPerSecond) * 100).toFixed(1);
  return `offered ${offeredPerSecond}/s but only ${achievedPerSecond}/s went out (${short} % short, tolerance ${tolerance * 100} %)`;
}
