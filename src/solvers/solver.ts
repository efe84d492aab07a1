// The one interface every LP backend implements; the model never knows which backend solves it.
import type { LinearProgram, LpResult } from "../../models/lp.ts";

export interface SolveOptions {
  /** Wall-clock budget; a backend that runs out returns status "timeLimit", never a partial point. */
  timeLimitMs: number;
  /** Aborting returns status "error" with message "cancelled" as soon as the backend can stop. */
  signal?: AbortSignal;
}

export interface SolverCapabilities {
  /** Returns row duals and reduced costs with an optimal result. */
  duals: boolean;
  /** Solves only programs for which `isNetworkProgram` holds. */
  networkOnly: boolean;
  /**
   * Solves programs with integer columns (a MILP); a backend without it answers such a program
   * with status "error" and the registry refuses to hand it one (IntegerProgramError).
   */
  integer: boolean;
}

/** A program's rows and columns: enough to tell whether a backend can hold it. */
export interface ProgramSize {
  rows: number;
  columns: number;
}

export interface LpSolver {
  readonly id: string;
  readonly version: string;
  readonly capabilities: SolverCapabilities;
  /**
   * Says why a program of this size is too large for this backend to solve within memory (naming
   * the limit), or undefined when it fits. Asked before solving; a backend without it takes any size.
   */
  refuse?(size: ProgramSize): string | undefined;
  /** Optimisation outcomes are values; only a malformed program may throw. */
  solve(lp: LinearProgram, options: SolveOptions): Promise<LpResult>;
}

/** What a backend without `capabilities.integer` answers a MILP with (status "error"). */
export const integerRefusal = (solverId: string) =>
  `${solverId} solves only continuous programs; this one has integer columns (lots), which only highs solves`;

export const defaultSolveOptions: SolveOptions = { timeLimitMs: 30_000 };
