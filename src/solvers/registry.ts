// The backends this build offers, and how a requested solver id becomes one of them.
import {
  columnCount,
  hasIntegerColumns,
  isNetworkProgram,
  type LinearProgram,
} from "../../models/lp.ts";
import { highsSolver } from "./highs.ts";
import { jsLpSolver } from "./javascript-lp-solver.ts";
import { networkSimplexSolver } from "./network-simplex/index.ts";
import type { LpSolver, ProgramSize } from "./solver.ts";

/** Ids a caller may ask for: each backend's, and "auto". */
export const solverIds = ["auto", "network-simplex", "highs", "javascript-lp-solver"] as const;
export type SolverId = (typeof solverIds)[number];

/** Thrown for a solver id no backend answers to; the HTTP layer reports it as a 4xx. */
export class UnknownSolverError extends Error {
  override name = "UnknownSolverError";
  readonly code = "unknown_solver";

  constructor(readonly solverId: string) {
    super(`unknown solver "${solverId}"; expected one of ${solverIds.join(", ")}`);
  }
}

/**
 * Thrown before a solve starts for a program larger than the named backend can hold in memory;
 * the HTTP layer reports it as a 422 naming the limit and the backends that can take the program.
 */
export class TooLargeForSolverError extends Error {
  override name = "TooLargeForSolverError";
  readonly code = "too_large_for_solver";

  constructor(
    readonly solverId: string,
    readonly reason: string,
    /** Backends that take this program: the network simplex for a network, and HiGHS. */
    readonly alternatives: readonly string[],
  ) {
    super(`${reason}; solve it with ${alternatives.join(" or ")}`);
  }
}

/**
 * Thrown before a solve starts when the named backend cannot solve a program with integer columns
 * (lots, formulation.md); the HTTP layer reports it as a 422 naming the backends that can.
 */
export class IntegerProgramError extends Error {
  override name = "IntegerProgramError";
  readonly code = "solver_cannot_solve_integer";

  constructor(
    readonly solverId: string,
    readonly alternatives: readonly string[] = integerSolverIds(),
  ) {
    super(
      `${solverId} solves only continuous programs, and this network's lanes with lotT make integer columns (a MILP); solve it with ${alternatives.join(" or ")} (or "auto")`,
    );
  }
}

/** The backends that solve programs with integer columns. */
export function integerSolverIds(): string[] {
  return solvers.filter((solver) => solver.capabilities.integer).map((solver) => solver.id);
}

/**
 * Throws IntegerProgramError when the backend `id` cannot solve integer programs; nothing for
 * "auto" (which picks HiGHS for them) or an unknown id.
 */
export function assertSolvesInteger(id: string): void {
  const solver = getSolver(id);
  if (solver && !solver.capabilities.integer) throw new IntegerProgramError(solver.id);
}

/**
 * Every registered backend. Each passes test/solvers/contract.ts, which also holds a network-only
 * backend to answering a program that is not a network with status "error".
 */
export const solvers: readonly LpSolver[] = [networkSimplexSolver, highsSolver, jsLpSolver];

/** The backend registered under `id`, if any ("auto" is not a backend: see resolveSolver). */
export function getSolver(id: string): LpSolver | undefined {
  return solvers.find((solver) => solver.id === id);
}

/**
 * The backend to solve `lp` with: the named one, or for "auto" the network simplex when the
 * program is a network (exact, and fastest there), else HiGHS. Throws UnknownSolverError for an id
 * with no backend, TooLargeForSolverError when the named backend refuses the program's size, and
 * IntegerProgramError when it has integer columns and the named backend solves only LPs.
 */
export function resolveSolver(id: string, lp: LinearProgram): LpSolver {
  const integer = hasIntegerColumns(lp);
  if (id === "auto") return !integer && isNetworkProgram(lp) ? networkSimplexSolver : highsSolver;
  const solver = getSolver(id);
  if (!solver) throw new UnknownSolverError(id);
  if (integer) assertSolvesInteger(id);
  assertFits(id, { rows: lp.rows.length, columns: columnCount(lp) }, isNetworkProgram(lp));
  return solver;
}

/**
 * Throws TooLargeForSolverError when the backend `id` refuses a program of `size`; does nothing
 * for "auto" or an unknown id. Without knowing whether the program is a network (`network`
 * undefined), the network-only backends are named as alternatives too.
 */
export function assertFits(id: string, size: ProgramSize, network?: boolean): void {
  const solver = getSolver(id);
  const reason = solver?.refuse?.(size);
  if (solver === undefined || reason === undefined) return;
  const alternatives = solvers
    .filter((other) => other !== solver && (network !== false || !other.capabilities.networkOnly))
    .filter((other) => other.refuse?.(size) === undefined)
    .map((other) => other.id);
  throw new TooLargeForSolverError(solver.id, reason, alternatives);
}
