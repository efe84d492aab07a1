// Worker-thread entry of a sweep: many solves, so they run on the solve pool, off the event loop.
import type { Change } from "../../../models/allocation/change-schema.ts";
import type { Network } from "../../../models/allocation/network.ts";
import type { SweepParameter } from "../../../models/allocation/sweep.ts";
import { type SweepResult, sweepNetwork } from "../../solve/sweep.ts";

export interface SweepTask {
  network: Network;
  changes: Change[];
  parameter: SweepParameter;
  solver: string;
  /** Date.now() by which the sweep should have answered; time queued counts against it. */
  deadline: number;
}

/** piscina calls the default export once per task; the result travels back by structured clone. */
export default function sweepTask(task: SweepTask): Promise<SweepResult> {
  return sweepNetwork(task.network, task.changes, task.parameter, {
    solver: task.solver,
    timeLimitMs: Math.max(1, task.deadline - Date.now()),
  });
}
