import type { FaultChecks } from './fault-cases.ts';

/** Several checks of one fault as one: each phase runs every check's at once (each waits on Alloy on its own). */
export function allChecks(...checks: readonly FaultChecks<unknown>[]): FaultChecks<unknown[]> {
  return {
    before: (control) => Promise.all(checks.map((check) => check.before(control))),
    async during(control, before) {
      await Promise.all(checks.map((check, i) => check.during?.(control, before[i])));
    },
    async after(control, before) {
      return (await Promise.all(checks.map((check, i) => check.after(control, before[i])))).flat();
    },
  };
}
