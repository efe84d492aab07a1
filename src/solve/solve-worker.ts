// Worker-thread entry of the solve pool: one network -> plan per task, off the main event loop.
import type { Network } from "../../models/allocation/network.ts";
import type { Plan } from "../../models/allocation/plan-schema.ts";
import { type SolveNetworkOptions, solveNetwork } from "./solve.ts";

export interface SolveTask {
  network: Network;
  /** solveNetwork's options but the two that cannot cross threads as they are. */
  options: Omit<SolveNetworkOptions, "signal" | "timeLimitMs">;
  /** Date.now() by which the solve should have answered; time spent queued counts against it. */
  deadline: number;
}

/** piscina calls the default export once per task; the result travels back by structured clone. */
export default function solveTask(task: SolveTask): Promise<Plan> {
  return solveNetwork(task.network, {
    ...task.options,
    timeLimitMs: Math.max(0, task.deadline - Date.now()),
  });
}
