// Side rows checked after the fact: solve the network without them, keep that optimum when it meets them.
import {
  hasIntegerColumns,
  isNetworkProgram,
  type LinearProgram,
  type LpResult,
  termArrays,
  withoutRows,
} from "../../models/lp.ts";
import { networkSimplexSolver } from "../solvers/network-simplex/index.ts";
import { resolveSolver } from "../solvers/registry.ts";
import type { LpSolver, SolveOptions } from "../solvers/solver.ts";

/** A side row counts as met within this share of its bound (at least of 1 t). */
const feasibilityTolerance = 1e-9;

/**
 * Solves `lp` as "auto" would, but first without its side rows (corridors, contracts, the CO2
 * cap: what keeps it from being a network) on the network simplex. An optimum of that relaxation
 * which meets every side row is optimal for `lp` too, and its duals with a zero on each side row
 * certify it (every reduced cost is unchanged, and a slack or zero-priced row needs no price);
 * an infeasible relaxation makes `lp` infeasible. Otherwise, a side row that binds, `lp` goes to
 * HiGHS whole, and the network simplex's time is counted in the answer. A named solver, a MILP or
 * a relaxation that is still not a network skip the first step.
 */
export async function solveLazySideRows(
  lp: LinearProgram,
  side: ReadonlySet<number>,
  solverId: string,
  options: SolveOptions,
  /** The network simplex to use, such as a warm one a run of re-solves shares. */
  network: LpSolver = networkSimplexSolver,
): Promise<LpResult> {
  const resolved = resolveSolver(solverId, lp);
  const whole = resolved === networkSimplexSolver ? network : resolved;
  if (solverId !== "auto" || side.size === 0 || hasIntegerColumns(lp))
    return whole.solve(lp, options);
  const relaxed = withoutRows(lp, side);
  if (!isNetworkProgram(relaxed)) return whole.solve(lp, options);
  const started = performance.now();
  const first = await network.solve(relaxed, options);
  if (first.status === "infeasible") return first;
  if (first.status === "optimal" && meetsRows(lp, side, first.columnValues)) {
    return { ...first, duals: first.duals && withZeroSideDuals(lp, side, first.duals) };
  }
  if (first.status === "timeLimit" || options.signal?.aborted) return first;
  const spent = performance.now() - started;
  const result = await whole.solve(lp, {
    ...options,
    timeLimitMs: Math.max(1, options.timeLimitMs - spent),
  });
  return { ...result, solver: { ...result.solver, ms: result.solver.ms + first.solver.ms } };
}

function meetsRows(lp: LinearProgram, side: ReadonlySet<number>, values: readonly number[]) {
  // The term arrays: a CO2 cap's row has a term per lane, which are not made into objects.
  const terms = termArrays(lp);
  for (const i of side) {
    const row = lp.rows[i];
    if (!row) continue;
    let activity = 0;
    for (let p = terms.start[i] as number, end = terms.start[i + 1] as number; p < end; p++)
      activity += (terms.coef[p] as number) * (values[terms.column[p] as number] ?? 0);
    const slack = (bound: number) => feasibilityTolerance * Math.max(1, Math.abs(bound));
    if (activity > row.upper + slack(row.upper) || activity < row.lower - slack(row.lower))
      return false;
  }
  return true;
}

function withZeroSideDuals(
  lp: LinearProgram,
  side: ReadonlySet<number>,
  duals: { rowDuals: number[]; reducedCosts: number[] },
) {
  const rowDuals: number[] = [];
  let k = 0;
  for (let i = 0; i < lp.rows.length; i++)
    rowDuals.push(side.has(i) ? 0 : (duals.rowDuals[k++] as number));
  return { rowDuals, reducedCosts: duals.reducedCosts };
}
