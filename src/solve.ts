// Network -> plan in one call: build the allocation LP, pick a backend, solve, interpret.
import { buildAllocationModel } from "../models/allocation/build.ts";
import type { Network } from "../models/allocation/network.ts";
import { interpretPlan } from "../models/allocation/plan.ts";
import type { Plan } from "../models/allocation/plan-schema.ts";
import { resolveSolver } from "./solvers/registry.ts";
import { defaultSolveOptions } from "./solvers/solver.ts";

export interface SolveNetworkOptions {
  /** A registered solver id, or "auto" (default): the network simplex for pure networks. */
  solver?: string;
  timeLimitMs?: number;
  signal?: AbortSignal;
}

/** Optimisation outcomes come back in `plan.status`; only an unknown solver id throws. */
export async function solveNetwork(
  network: Network,
  options: SolveNetworkOptions = {},
): Promise<Plan> {
  const model = buildAllocationModel(network);
  const solver = resolveSolver(options.solver ?? "auto", model.lp);
  const result = await solver.solve(model.lp, {
    timeLimitMs: options.timeLimitMs ?? defaultSolveOptions.timeLimitMs,
    signal: options.signal,
  });
  return interpretPlan(model, result);
}
