// Assertions on LP results shared by the solver suites, with tolerances relative to each bound.
import { expect } from "vitest";
import type { LinearProgram, LpResult } from "../../models/lp.ts";

export const relTol = 1e-6;

const scaled = (value: number) => relTol * Math.max(1, Math.abs(value));

export function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    scaled(expected),
  );
}

/** Every column and row activity lies within its bounds, to 1e-6 relative. */
export function expectWithinBounds(lp: LinearProgram, x: readonly number[]): void {
  expect(x).toHaveLength(lp.columns.length);
  lp.columns.forEach((column, j) => {
    const value = x[j] ?? Number.NaN;
    expect(Number.isFinite(value), `column ${column.name} = ${value}`).toBe(true);
    expect(value, `column ${column.name}`).toBeGreaterThanOrEqual(
      column.lower - scaled(column.lower),
    );
    expect(value, `column ${column.name}`).toBeLessThanOrEqual(column.upper + scaled(column.upper));
  });
  for (const row of lp.rows) {
    const activity = row.terms.reduce((sum, t) => sum + t.coef * (x[t.column] ?? Number.NaN), 0);
    expect(activity, `row ${row.name}`).toBeGreaterThanOrEqual(row.lower - scaled(row.lower));
    expect(activity, `row ${row.name}`).toBeLessThanOrEqual(row.upper + scaled(row.upper));
  }
}

/**
 * The result is optimal, its point is feasible, its objective is the cost of that point, and,
 * when given, equals `expectedObjective`. Returns the result narrowed to the optimal case.
 */
export function expectOptimal(
  lp: LinearProgram,
  result: LpResult,
  expectedObjective?: number,
): Extract<LpResult, { status: "optimal" }> {
  if (result.status !== "optimal") {
    throw new Error(`expected optimal, got ${result.status}: ${result.message}`);
  }
  expectWithinBounds(lp, result.columnValues);
  const cost = lp.columns.reduce((sum, c, j) => sum + c.cost * (result.columnValues[j] ?? 0), 0);
  expectClose(result.objective, cost, "objective vs cost of the point");
  if (expectedObjective !== undefined)
    expectClose(result.objective, expectedObjective, "objective");
  return result;
}
