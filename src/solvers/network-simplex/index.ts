// The network simplex as an LpSolver backend: exact on network programs, with duals, no WebAssembly.
import { hasIntegerColumns, type LinearProgram, type LpResult } from "../../../models/lp.ts";
import { integerRefusal, type LpSolver, type SolveOptions } from "../solver.ts";
import { assertWellFormed } from "../validate.ts";
import {
  fromMinCostFlow,
  type NetworkTranslation,
  type NotANetwork,
  retranslation,
  toMinCostFlow,
} from "./from-lp.ts";
import {
  type MinCostFlowOptions,
  type MinCostFlowProblem,
  type MinCostFlowResult,
  solveMinCostFlowAsync,
  WarmMinCostFlow,
} from "./min-cost-flow.ts";

const id = "network-simplex";
const version = "1.0.0";

/** Runs the network simplex on a translated problem: cold, or from a kept basis (WarmMinCostFlow). */
type RunMinCostFlow = (
  problem: MinCostFlowProblem,
  options: MinCostFlowOptions,
) => Promise<MinCostFlowResult>;

/** The program as a min-cost flow problem, or why it is not a network ("integer": a MILP). */
type Translate = (lp: LinearProgram) => NetworkTranslation | NotANetwork | "integer";

/** The full translation: a MILP is refused, the program checked, then translated. */
const translateAfresh: Translate = (lp) => {
  if (hasIntegerColumns(lp)) return "integer";
  assertWellFormed(lp);
  return toMinCostFlow(lp);
};

function networkSimplexWith(run: RunMinCostFlow, translate: Translate = translateAfresh): LpSolver {
  return {
    id,
    version,
    capabilities: { duals: true, networkOnly: true, integer: false },

    async solve(lp: LinearProgram, options: SolveOptions): Promise<LpResult> {
      const started = performance.now();
      const info = () => ({ id, version, ms: performance.now() - started });
      if (options.signal?.aborted) return { status: "error", message: "cancelled", solver: info() };
      // The translation finds out whether the program is a network (what isNetworkProgram checks)
      // in the pass it makes anyway, and names the column that is not.
      const translation = translate(lp);
      if (translation === "integer")
        return { status: "error", message: integerRefusal(id), solver: info() };
      if ("notANetwork" in translation) {
        return {
          status: "error",
          message: `${id} solves only network programs (at most one +1 and one -1 per column); in "${lp.name}", ${translation.notANetwork}`,
          solver: info(),
        };
      }
      const result = await run(translation.problem, {
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
}

export const networkSimplexSolver: LpSolver = networkSimplexWith(solveMinCostFlowAsync);

/**
 * A network simplex backend of its own that starts each solve from the last optimal basis when
 * the network kept its shape (WarmMinCostFlow): for a run of re-solves of one network with other
 * costs, demands or capacities, such as a sweep or a batch. Same answers as
 * `networkSimplexSolver`, faster after the first.
 */
export function createWarmNetworkSimplex(): LpSolver & { warmStarts(): number } {
  const warm = new WarmMinCostFlow();
  let last: { lp: LinearProgram; translation: NetworkTranslation } | undefined;
  // A program with the last one's rows and terms keeps its translation's arcs (the very arrays),
  // so the basis is known to fit the arcs; retranslation checks what assertWellFormed and
  // hasIntegerColumns would, in the one pass it makes over the program.
  const translate: Translate = (lp) => {
    const kept = last && retranslation(last.lp, last.translation, lp);
    if (kept) {
      last = { lp, translation: kept };
      return kept;
    }
    const translation = translateAfresh(lp);
    last =
      typeof translation === "string" || "notANetwork" in translation
        ? undefined
        : { lp, translation };
    return translation;
  };
  return {
    ...networkSimplexWith((problem, options) => warm.solve(problem, options), translate),
    warmStarts: () => warm.warmStarts,
  };
}
