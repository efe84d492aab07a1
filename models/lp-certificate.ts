// The optimality certificate of an LP answer with duals: a feasible point and duals whose signs fit its active bounds.
import {
  columnCount,
  columnName,
  columnValues,
  type LinearProgram,
  type LpDuals,
  termArrays,
} from "./lp.ts";

/**
 * Relative distance from a bound (to 1) within which a value counts as at it, and a dual (to 1
 * CNY) within which it counts as zero: the network simplex works to 1e-9 or better, so 1e-6 leaves
 * room for the sums of large flows and never passes a wrong basis (a wrong one is off by a whole
 * arc's flow or cost).
 */
export const certificateTolerance = 1e-6;

/**
 * Why `values` (one per column) with `duals` is not a certified optimum of `lp`, or null when it is: every
 * column and row activity within its bounds, and each nonzero reduced cost or row dual at the
 * bound its sign asks for (for a minimisation, positive at the lower bound, negative at the
 * upper; the other way round for a maximisation). Together these are the KKT conditions: the
 * point is optimal and the duals price it. O(terms).
 */
export function certificateFailure(
  lp: LinearProgram,
  values: readonly number[],
  duals: LpDuals,
): string | null {
  const columns = columnCount(lp);
  if (values.length !== columns) return "a value per column is missing";
  if (duals.reducedCosts.length !== columns || duals.rowDuals.length !== lp.rows.length)
    return "a dual is missing";
  const sign = lp.sense === "min" ? 1 : -1;
  const { rows } = lp;
  // The column arrays when the program has them: no column object is made.
  const { lower, upper } = columnValues(lp);
  for (let j = 0; j < columns; j++) {
    const low = lower[j] as number;
    const up = upper[j] as number;
    const value = values[j] as number;
    const found = failure(sign, value, low, up, duals.reducedCosts[j] as number);
    // Names are spelt only now: a model column works its name out when it is read.
    if (found !== ok)
      return `column ${columnName(lp, j)} ${explain(found, value, low, up, duals.reducedCosts[j] as number)}`;
  }
  // The term arrays: a builder's program has them, so its term objects are not made.
  const { start, column: termColumn, coef } = termArrays(lp);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LinearProgram["rows"][number];
    let activity = 0;
    for (let p = start[i] as number, end = start[i + 1] as number; p < end; p++)
      activity += (coef[p] as number) * (values[termColumn[p] as number] as number);
    const dual = duals.rowDuals[i] as number;
    const found = failure(sign, activity, row.lower, row.upper, dual);
    if (found !== ok)
      return `row ${row.name} ${explain(found, activity, row.lower, row.upper, dual)}`;
  }
  return null;
}

const ok = 0;
const notFinite = 1;
const outside = 2;
const notAtLower = 3;
const notAtUpper = 4;

/** A value's place within the tolerance of a bound (an infinite bound is never active). */
function at(value: number, bound: number): boolean {
  return (
    bound > -Infinity &&
    bound < Infinity &&
    Math.abs(value - bound) <= certificateTolerance * Math.max(1, Math.abs(bound))
  );
}

/** What is wrong with one value and its dual, as a code (ok when nothing). */
function failure(sign: number, value: number, lower: number, upper: number, dual: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(dual)) return notFinite;
  if (
    value < lower - certificateTolerance * Math.max(1, Math.abs(lower)) ||
    value > upper + certificateTolerance * Math.max(1, Math.abs(upper))
  )
    return outside;
  if (Math.abs(dual) <= certificateTolerance) return ok;
  if (sign * dual > 0 && !at(value, lower)) return notAtLower;
  if (sign * dual < 0 && !at(value, upper)) return notAtUpper;
  return ok;
}

function explain(code: number, value: number, lower: number, upper: number, dual: number): string {
  if (code === notFinite) return `= ${value} (dual ${dual}) is not finite`;
  if (code === outside) return `= ${value} lies outside [${lower}, ${upper}]`;
  const which = code === notAtLower ? `lower bound ${lower}` : `upper bound ${upper}`;
  return `= ${value} has dual ${dual} but is not at its ${which}`;
}
