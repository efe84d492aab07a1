// The stabilising re-solve: among a model's optimal solutions, the one whose flows are nearest a reference plan's.
import {
  buildTieBreak,
  type ColumnTargets,
  interpretTieBreak,
} from "../../models/allocation/stable.ts";
import type { LinearProgram, LpResult } from "../../models/lp.ts";
import { solveLazySideRows } from "./side-rows.ts";

type Optimal = Extract<LpResult, { status: "optimal" }>;

/**
 * Re-solves the tie-break program (models/allocation/stable.ts) towards the target flows and returns the optimum with its
 * column values replaced by the stable ones. The duals stay: they certify the stable values too (same
 * optimal face). Without duals, or when the re-solve fails or would change the objective, the
 * optimum comes back as it was; the solver time includes the re-solve either way.
 */
export async function stabilise(
  lp: LinearProgram,
  optimum: Optimal,
  target: ColumnTargets,
  options: {
    /** The program's side rows (solve.ts), which the tie-break program keeps at the same indices. */
    side: ReadonlySet<number>;
    timeLimitMs: number;
    signal?: AbortSignal | undefined;
  },
): Promise<Optimal> {
  if (!optimum.duals) return optimum;
  const tieBreak = buildTieBreak(lp, { ...optimum, duals: optimum.duals }, target);
  if (!tieBreak) return optimum;
  const result = await solveLazySideRows(tieBreak.lp, options.side, "auto", {
    timeLimitMs: Math.max(1, options.timeLimitMs),
    signal: options.signal,
  });
  const ms = optimum.solver.ms + result.solver.ms;
  const values =
    result.status === "optimal"
      ? interpretTieBreak(lp, tieBreak, result.columnValues, {
          ...optimum,
          duals: optimum.duals,
        })
      : null;
  if (!values) return { ...optimum, solver: { ...optimum.solver, ms } };
  return { ...optimum, columnValues: values, solver: { ...optimum.solver, ms } };
}
