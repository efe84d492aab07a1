// Worker-thread entry of the solve pool: one network -> plan per task, off the main event loop.

import { workerData } from "piscina";
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { TooLargeForSolverError } from "../solvers/registry.ts";
import { type SolveNetworkOptions, solveNetwork } from "./solve.ts";
import { defaultWarmBasesLimits, warmBases } from "./warm-bases.ts";

/** What the pool tells each thread when it starts it. */
export interface SolveWorkerData {
  /** WARM_BASES_MB: the bytes of this thread's kept bases. */
  warmBasesMb: number;
}

// Each thread keeps its own bases (a basis cannot cross threads), within the pool's budget.
const data = workerData as Partial<SolveWorkerData> | undefined;
if (typeof data?.warmBasesMb === "number")
  warmBases.configure({ ...defaultWarmBasesLimits, maxBytes: data.warmBasesMb * 2 ** 20 });

export interface SolveTask {
  network: Network;
  /** solveNetwork's options but the two that cannot cross threads as they are. */
  options: Omit<SolveNetworkOptions, "signal" | "timeLimitMs">;
  /** Date.now() by which the solve should have answered; time spent queued counts against it. */
  deadline: number;
}

/**
 * The plan, or the refusal of a program too large for the asked backend: an error's class does
 * not survive the trip between threads, so the refusal travels as a value and the pool throws it.
 */
export type SolveTaskResult =
  | { plan: Plan }
  | { tooLarge: Pick<TooLargeForSolverError, "solverId" | "reason" | "alternatives"> };

/** piscina calls the default export once per task; the result travels back by structured clone. */
export default async function solveTask(task: SolveTask): Promise<SolveTaskResult> {
  try {
    const plan = await solveNetwork(task.network, {
      ...task.options,
      timeLimitMs: Math.max(0, task.deadline - Date.now()),
    });
    return { plan };
  } catch (error) {
    if (!(error instanceof TooLargeForSolverError)) throw error;
    const { solverId, reason, alternatives } = error;
    return { tooLarge: { solverId, reason, alternatives: [...alternatives] } };
  }
}
