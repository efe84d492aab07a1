// A MILP's duals: the LP with its integer columns fixed at the MILP's values, solved by HiGHS (formulation.md, lots).
import {
  fixedIntegerProgram,
  hasIntegerColumns,
  type LinearProgram,
  type LpResult,
} from "../../models/lp.ts";
import { highsSolver } from "../solvers/highs.ts";

/**
 * For a program with integer columns and an optimal (or time-limited, with incumbent) MILP answer:
 * re-solves the fixed LP and returns it as the program to interpret, with the fixed LP's values and
 * duals and the MILP's solver info (gap, status; ms summed). Any other program or outcome comes back
 * as it was; a fixed LP that fails leaves the MILP answer without duals.
 */
export async function withFixedLpDuals(
  lp: LinearProgram,
  result: LpResult,
  options: { timeLimitMs: number; signal?: AbortSignal | undefined },
): Promise<{ lp: LinearProgram; result: LpResult }> {
  if (result.status !== "optimal" || !hasIntegerColumns(lp)) return { lp, result };
  const fixed = fixedIntegerProgram(lp, result.columnValues);
  const lpResult = await highsSolver.solve(fixed, {
    timeLimitMs: Math.max(1, options.timeLimitMs),
    signal: options.signal,
  });
  const solver = { ...result.solver, ms: result.solver.ms + lpResult.solver.ms };
  if (lpResult.status !== "optimal") return { lp, result: { ...result, solver } };
  return {
    lp: fixed,
    result: {
      status: "optimal",
      objective: lpResult.objective,
      columnValues: lpResult.columnValues,
      ...(lpResult.duals ? { duals: lpResult.duals } : {}),
      solver,
    },
  };
}
