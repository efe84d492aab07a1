// The network simplex as an LpSolver backend: exact on network programs, with duals, no WebAssembly.
import { hasIntegerColumns, type LinearProgram, type LpResult } from "../../../models/lp.ts";
import { integerRefusal, type LpSolver, type SolveOptions } from "../solver.ts";
import { assertWellFormed } from "../validate.ts";
import { fromMinCostFlow, toMinCostFlow } from "./from-lp.ts";
import { solveMinCostFlowAsync } from "./min-cost-flow.ts";

const id = "network-simplex";
const version = "1.0.0";

export const networkSimplexSolver: LpSolver = {
  id,
  version,
  capabilities: { duals: true, networkOnly: true, integer: false },

  async solve(lp: LinearProgram, options: SolveOptions): Promise<LpResult> {
    assertWellFormed(lp);
    const started = performance.now();
    const info = () => ({ id, version, ms: performance.now() - started });
    if (options.signal?.aborted) return { status: "error", message: "cancelled", solver: info() };
    if (hasIntegerColumns(lp))
      return { status: "error", message: integerRefusal(id), solver: info() };
    // The translation finds out whether the program is a network (what isNetworkProgram checks)
    // in the pass it makes anyway, and names the column that is not.
    const translation = toMinCostFlow(lp);
    if ("notANetwork" in translation) {
      return {
        status: "error",
        message: `${id} solves only network programs (at most one +1 and one -1 per column); in "${lp.name}", ${translation.notANetwork}`,
        solver: info(),
      };
    }
    const result = await solveMinCostFlowAsync(translation.problem, {
      deadline: started + options.timeLimitMs,
      signal: options.signal,
    });
    switch (result.status) {
      case "optimal": {
        const solution = fromMinCostFlow(lp, translation, result.flows, result.potentials);
        return { status: "optimal", ...solution, solver: info() };
      }
      case "cancelled":
        return { status: "error", message: "cancelled", solver: info() };
      case "timeLimit":
        return {
          status: "timeLimit",
          message: `${id} used its ${options.timeLimitMs} ms budget (${result.pivots} pivots)`,
          solver: info(),
        };
      default:
        return { status: result.status, message: result.message, solver: info() };
    }
  },
};
