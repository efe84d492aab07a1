// The optimality certificate of an LP answer with duals: a feasible point and duals whose signs fit its active bounds.
import type { LinearProgram, LpDuals } from "./lp.ts";

/**
 * Relative distance from a bound (to 1) within which a value counts as at it, and a dual (to 1
 * CNY) within which it counts as zero: the network simplex works to 1e-9 or better, so 1e-6 leaves
 * room for the sums of large flows and never passes a wrong basis (a wrong one is off by a whole
 * arc's flow or cost).
 */
export const certificateTolerance = 1e-6;

/**
 * Why `columnValues` with `duals` is not a certified optimum of `lp`, or null when it is: every
 * column and row activity within its bounds, and each nonzero reduced cost or row dual at the
 * bound its sign asks for (for a minimisation, positive at the lower bound, negative at the
 * upper; the other way round for a maximisation). Together these are the KKT conditions: the
 * point is optimal and the duals price it. O(terms).
 */
export function certificateFailure(
  lp: LinearProgram,
  columnValues: readonly number[],
  duals: LpDuals,
): string | null {
  if (columnValues.length !== lp.columns.length) return "a value per column is missing";
  if (duals.reducedCosts.length !== lp.columns.length || duals.rowDuals.length !== lp.rows.length)
    return "a dual is missing";
  const sign = lp.sense === "min" ? 1 : -1;
  const failure = (
    what: string,
    value: number,
    lower: number,
    upper: number,
    dual: number,
  ): string | null => {
    if (!Number.isFinite(value) || !Number.isFinite(dual)) return `${what} is not finite`;
    const slack = (bound: number) => certificateTolerance * Math.max(1, Math.abs(bound));
    if (value < lower - slack(lower) || value > upper + slack(upper))
      return `${what} = ${value} lies outside [${lower}, ${upper}]`;
    const d = sign * dual;
    if (Math.abs(dual) <= certificateTolerance) return null;
    // An infinite bound is never active: a dual that asks for it fails.
    const at = (bound: number) => Number.isFinite(bound) && Math.abs(value - bound) <= slack(bound);
    if (d > 0 && !at(lower))
      return `${what} = ${value} has dual ${dual} but is not at its lower bound ${lower}`;
    if (d < 0 && !at(upper))
      return `${what} = ${value} has dual ${dual} but is not at its upper bound ${upper}`;
    return null;
  };
  for (let j = 0; j < lp.columns.length; j++) {
    const column = lp.columns[j];
    if (!column) continue;
    const found = failure(
      `column ${column.name}`,
      columnValues[j] as number,
      column.lower,
      column.upper,
      duals.reducedCosts[j] as number,
    );
    if (found) return found;
  }
  for (let i = 0; i < lp.rows.length; i++) {
    const row = lp.rows[i];
    if (!row) continue;
    let activity = 0;
    for (const { column, coef } of row.terms) activity += coef * (columnValues[column] as number);
    const found = failure(
      `row ${row.name}`,
      activity,
      row.lower,
      row.upper,
      duals.rowDuals[i] as number,
    );
    if (found) return found;
  }
  return null;
}
