// Worker-thread entry of a sweep: many solves, so they run on the solve pool, off the event loop.
import type { Change } from "../../../models/allocation/change-schema.ts";
import type { Network } from "../../../models/allocation/network.ts";
import type { SweepGrid, SweepParameter } from "../../../models/allocation/sweep.ts";
import {
  type SweepGridResult,
  type SweepResult,
  sweepGrid,
  sweepNetwork,
} from "../../solve/sweep.ts";

export interface SweepTask {
  network: Network;
  changes: Change[];
  parameter: SweepParameter;
  /** A second parameter on a grid (sweepGrid), or none. */
  grid?: SweepGrid;
  solver: string;
  /** Date.now() by which the sweep should have answered; time queued counts against it. */
  deadline: number;
}

/** A sweep, or a two-parameter one: what runSweep answers. */
export type SweepTaskResult = SweepResult | SweepGridResult;

/** The task's sweep, on whatever thread calls it. */
export function runSweep(task: SweepTask, signal?: AbortSignal): Promise<SweepTaskResult> {
  const options = {
    solver: task.solver,
    timeLimitMs: Math.max(1, task.deadline - Date.now()),
    signal,
  };
  return task.grid
    ? sweepGrid(task.network, task.changes, task.parameter, task.grid, options)
    : sweepNetwork(task.network, task.changes, task.parameter, options);
}

/** piscina calls the default export once per task; the result travels back by structured clone. */
export default function sweepTask(task: SweepTask): Promise<SweepTaskResult> {
  return runSweep(task);
}
